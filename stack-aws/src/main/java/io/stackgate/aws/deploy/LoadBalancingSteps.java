package io.stackgate.aws.deploy;

import io.stackgate.aws.stack.Tier;
import io.stackgate.model.HealthCheck;
import io.stackgate.model.Tls;
import java.util.List;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerSchemeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RedirectActionStatusCodeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.TagResourceType;

/**
 * terraform/modules/load-balancing: public ALB → Grafana, internal ALB → Prometheus and (host rule) the query
 * tier, the private DNS names.
 */
final class LoadBalancingSteps {
    private static final String M = "module.load_balancing.";

    private LoadBalancingSteps() {
    }

    static void run(Context c) {
        if (c.topology.loadBalancers().publicLb().enabled()) {
            String lb = loadBalancer(c, "public", c.names.publicLoadBalancer(), false, c.publicSubnets, "public_lb").loadBalancerArn();
            String tg = targetGroup(c, Tier.GRAFANA);
            https(c, lb, tg);
            httpRedirect(c, lb);
        }
        if (c.topology.loadBalancers().internalEnabled()) {
            LoadBalancer lb = loadBalancer(c, "internal", c.names.internalLoadBalancer(), true, c.privateSubnets, "internal_lb");
            c.internalLbDns = lb.dnsName();
            c.internalLbZone = lb.canonicalHostedZoneId();
            String tg = targetGroup(c, Tier.PROMETHEUS);
            ElasticLoadBalancingV2Client elb = c.aws.elb();
            String arn = elb.createListener(r -> r.loadBalancerArn(lb.loadBalancerArn()).port(9090).protocol(ProtocolEnum.HTTP)
                    .defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(tg))
                    .tags(tags(c, "Name", c.topology.name() + "-internal-prometheus"))).listeners().get(0).listenerArn();
            c.ledger.add(M + "aws_lb_listener.prometheus", "0", arn, () -> elb.deleteListener(r -> r.listenerArn(arn)));
            if (c.topology.query().enabled()) {
                queryRule(c, arn, targetGroup(c, Tier.QUERY));
            }
            privateZone(c);
        }
    }

    /** main.tf's query listener rule: the host query.<name>.internal on the internal listener goes to thanos query. */
    private static void queryRule(Context c, String listener, String tg) {
        ElasticLoadBalancingV2Client elb = c.aws.elb();
        String host = "query." + c.names.privateZone();
        String arn = elb.createRule(r -> r.listenerArn(listener).priority(10)
                .conditions(x -> x.field("host-header").hostHeaderConfig(h -> h.values(host, host + ":9090")))
                .actions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(tg))
                .tags(tags(c, "Name", c.topology.name() + "-internal-query"))).rules().get(0).ruleArn();
        c.ledger.add(M + "aws_lb_listener_rule.query", "0", arn, () -> elb.deleteRule(r -> r.ruleArn(arn)));
    }

    private static LoadBalancer loadBalancer(Context c, String name, String lbName, boolean internal, List<String> subnets,
            String group) {
        ElasticLoadBalancingV2Client elb = c.aws.elb();
        LoadBalancer lb = elb.createLoadBalancer(r -> r.name(lbName).type(LoadBalancerTypeEnum.APPLICATION)
                .scheme(internal ? LoadBalancerSchemeEnum.INTERNAL : LoadBalancerSchemeEnum.INTERNET_FACING)
                .subnets(subnets).securityGroups(c.securityGroups.get(group))
                .tags(tags(c, "Name", c.topology.name() + "-" + name))).loadBalancers().get(0);
        c.ledger.add(M + "aws_lb." + name, "0", lb.loadBalancerArn(),
                () -> elb.deleteLoadBalancer(r -> r.loadBalancerArn(lb.loadBalancerArn())));
        // deletion_protection stays off: an emulated stack must come down at the end of a run.
        elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(lb.loadBalancerArn()).attributes(
                a -> a.key("routing.http.drop_invalid_header_fields.enabled").value("true"),
                a -> a.key("access_logs.s3.enabled").value("true"),
                a -> a.key("access_logs.s3.bucket").value(c.names.logBucket()),
                a -> a.key("access_logs.s3.prefix").value("alb/" + name)));
        return lb;
    }

    private static String targetGroup(Context c, Tier tier) {
        ElasticLoadBalancingV2Client elb = c.aws.elb();
        HealthCheck h = c.topology.loadBalancers().healthCheck();
        String arn = elb.createTargetGroup(r -> r.name(c.names.targetGroup(tier)).port(tier.port()).protocol(ProtocolEnum.HTTP)
                .targetType(TargetTypeEnum.INSTANCE).vpcId(c.vpcId)
                .healthCheckPath(tier.healthPath().orElseThrow()).healthCheckPort("traffic-port")
                .healthCheckProtocol(ProtocolEnum.HTTP).matcher(m -> m.httpCode("200"))
                .healthCheckIntervalSeconds(h.intervalSeconds()).healthCheckTimeoutSeconds(h.timeoutSeconds())
                .healthyThresholdCount(h.healthyThreshold()).unhealthyThresholdCount(h.unhealthyThreshold())
                .tags(tags(c, "Name", c.topology.name() + "-" + tier.id(), "Tier", tier.id())))
                .targetGroups().get(0).targetGroupArn();
        c.ledger.add(M + "aws_lb_target_group." + tier.id(), "0", arn, () -> elb.deleteTargetGroup(r -> r.targetGroupArn(arn)));
        elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(arn).attributes(a -> a
                .key("deregistration_delay.timeout_seconds").value(Integer.toString(h.deregistrationDelaySeconds()))));
        c.targetGroups.put(tier, arn);
        return arn;
    }

    /**
     * The HTTPS listener. The topology's certificate ARN does not exist in an emulator (moto refuses
     * a listener whose certificate it does not hold), so the listener gets a certificate the
     * deployer requests from the emulated ACM for the stack.
     */
    private static void https(Context c, String lb, String tg) {
        Tls tls = c.topology.loadBalancers().publicLb().tls();
        String policy = tls != null ? tls.sslPolicy() : "ELBSecurityPolicy-TLS13-1-2-2021-06";
        AcmClient acm = c.aws.acm();
        String cert = acm.requestCertificate(r -> r.domainName("grafana." + c.topology.name() + ".stackgate.test")
                .tags(c.tags().entrySet().stream().map(e -> software.amazon.awssdk.services.acm.model.Tag.builder()
                        .key(e.getKey()).value(e.getValue()).build()).toList())).certificateArn();
        c.ledger.add("stackgate.acm_certificate.public", "", cert, () -> acm.deleteCertificate(r -> r.certificateArn(cert)));
        ElasticLoadBalancingV2Client elb = c.aws.elb();
        String arn = elb.createListener(r -> r.loadBalancerArn(lb).port(443).protocol(ProtocolEnum.HTTPS).sslPolicy(policy)
                .certificates(x -> x.certificateArn(cert))
                .defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(tg))
                .tags(tags(c, "Name", c.topology.name() + "-public-https"))).listeners().get(0).listenerArn();
        c.ledger.add(M + "aws_lb_listener.https", "0", arn, () -> elb.deleteListener(r -> r.listenerArn(arn)));
    }

    private static void httpRedirect(Context c, String lb) {
        ElasticLoadBalancingV2Client elb = c.aws.elb();
        String arn = elb.createListener(r -> r.loadBalancerArn(lb).port(80).protocol(ProtocolEnum.HTTP)
                .defaultActions(a -> a.type(ActionTypeEnum.REDIRECT).redirectConfig(x -> x.port("443").protocol("HTTPS")
                        .statusCode(RedirectActionStatusCodeEnum.HTTP_301)))
                .tags(tags(c, "Name", c.topology.name() + "-public-http-redirect"))).listeners().get(0).listenerArn();
        c.ledger.add(M + "aws_lb_listener.http_redirect", "0", arn, () -> elb.deleteListener(r -> r.listenerArn(arn)));
    }

    private static void privateZone(Context c) {
        Route53Client r53 = c.aws.route53();
        String zoneName = c.names.privateZone();
        String zone = r53.createHostedZone(r -> r.name(zoneName).callerReference(c.topology.name() + "-" + System.nanoTime())
                .hostedZoneConfig(z -> z.privateZone(true).comment("stackgate " + c.topology.name()
                        + ": stable names for the stack's internal endpoints"))
                .vpc(v -> v.vpcId(c.vpcId).vpcRegion(c.topology.region()))).hostedZone().id().replace("/hostedzone/", "");
        c.ledger.add(M + "aws_route53_zone.internal", "0", zone, () -> r53.deleteHostedZone(r -> r.id(zone)));
        r53.changeTagsForResource(r -> r.resourceType(TagResourceType.HOSTEDZONE).resourceId(zone)
                .addTags(c.tags("Name", zoneName).entrySet().stream().map(e -> software.amazon.awssdk.services.route53.model.Tag
                        .builder().key(e.getKey()).value(e.getValue()).build()).toList()));
        alias(c, zone, "prometheus");
        if (c.topology.query().enabled()) {
            alias(c, zone, "query");
        }
    }

    /** {@code <host>.<name>.internal}: an alias to the internal load balancer (dns.tf). */
    private static void alias(Context c, String zone, String host) {
        Route53Client r53 = c.aws.route53();
        String record = host + "." + c.names.privateZone();
        var set = software.amazon.awssdk.services.route53.model.ResourceRecordSet.builder().name(record).type(RRType.A)
                .aliasTarget(a -> a.dnsName(c.internalLbDns).hostedZoneId(c.internalLbZone).evaluateTargetHealth(true)).build();
        r53.changeResourceRecordSets(r -> r.hostedZoneId(zone).changeBatch(b -> b.changes(x -> x.action(ChangeAction.CREATE)
                .resourceRecordSet(set))));
        c.ledger.add(M + "aws_route53_record." + host, "0", record, () -> r53.changeResourceRecordSets(r -> r.hostedZoneId(zone)
                .changeBatch(b -> b.changes(x -> x.action(ChangeAction.DELETE).resourceRecordSet(set)))));
    }

    private static List<Tag> tags(Context c, String... extra) {
        return c.tags(extra).entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }
}
