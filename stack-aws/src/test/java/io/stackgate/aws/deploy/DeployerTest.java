package io.stackgate.aws.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stackgate.ansible.AnsibleInputs;
import java.nio.file.Files;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import io.stackgate.aws.AwsClients;
import io.stackgate.aws.Emulated;
import io.stackgate.aws.emulator.MotoServer;
import io.stackgate.aws.emulator.MotoVenv;
import io.stackgate.aws.stack.Tier;
import io.stackgate.model.Topology;
import java.nio.file.Path;
import java.util.Arrays;
import io.stackgate.runtime.Exec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Filter;

/** The deployer against a real moto server: what it creates, what it refuses, what it leaves after a failure. */
class DeployerTest {
    /**
     * Resources of terraform/'s root module the deployer does not create, each with the reason. An
     * entry that no longer names a resource in the HCL fails the test too.
     */
    static final Map<String, String> EXCLUDED = new TreeMap<>(Map.ofEntries(
            Map.entry("module.storage.aws_efs_backup_policy.config",
                    "moto 5.2.5 answers PutBackupPolicy with HTTP 500 (measured); backups are an account's concern, not a check's"),
            Map.entry("module.load_balancing.aws_wafv2_web_acl.public", waf()),
            Map.entry("module.load_balancing.aws_wafv2_web_acl_association.public", waf()),
            Map.entry("module.load_balancing.aws_wafv2_web_acl_logging_configuration.public", waf()),
            Map.entry("module.load_balancing.aws_cloudwatch_log_group.waf", waf()),
            Map.entry("module.database.aws_db_subnet_group.this", database()),
            Map.entry("module.database.aws_db_parameter_group.this", database()),
            Map.entry("module.database.aws_db_instance.this", database()),
            Map.entry("module.database.aws_iam_role.rds_monitoring", database()),
            Map.entry("module.database.aws_iam_role_policy_attachment.rds_monitoring", database()),
            Map.entry("module.database.aws_elasticache_subnet_group.this", database()),
            Map.entry("module.database.aws_elasticache_replication_group.this", database()),
            Map.entry("module.database.aws_secretsmanager_secret.redis_auth", database()),
            Map.entry("module.database.aws_secretsmanager_secret_version.redis_auth", database()),
            Map.entry("module.database.random_password.redis_auth", database()),
            Map.entry("module.compute.terraform_data.boot_prerequisites",
                    "not an AWS resource: a Terraform ordering node (boot after EFS and routes), which the deployer's step order is")));

    /**
     * Resources whose for_each is empty for the seed topology, so no deploy of it has them: the test
     * for the rules themselves is {@code NetworkPolicyTest}.
     */
    static final Map<String, String> EMPTY_FOR_SEED = Map.of(
            "module.security.aws_vpc_security_group_ingress_rule.ssh", "the seed's security.sshFromCidrs is []",
            "module.security.aws_vpc_security_group_ingress_rule.internal_lb",
            "internal_lb_allowed_cidrs is not a topology key: generate never sets it and its default is []");

    private static String waf() {
        return "WAF filters internet requests to Grafana; an emulated stack has no internet side and no check reads WAF";
    }

    private static String database() {
        return "moto's RDS/ElastiCache start no database server; Grafana's database on the emulated target is a local "
                + "process, an RDS record would be an endpoint nothing answers";
    }

    static MotoServer moto;
    static AwsClients aws;
    static Topology seed;
    static Deployment deployment;

    @BeforeAll
    static void deploySeed() {
        seed = Emulated.seed();
        moto = MotoServer.start();
        aws = Emulated.clients(moto, seed);
        deployment = new Deployer(aws).deploy(seed, Emulated.options(aws));
        System.out.println("deploy of " + seed.name() + ": " + deployment.resources().size() + " resources in "
                + deployment.took().toMillis() + " ms");
    }

    @AfterAll
    static void stop() {
        if (aws != null) {
            aws.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    /** What python-hcl2 reads from terraform/ right now: resource addresses and local.tiers. */
    record Hcl(Set<String> resources, List<String> tiers) {
        static Hcl read() throws Exception {
            Path script = Path.of(DeployerTest.class.getResource("/terraform_resources.py").toURI());
            String python = MotoVenv.require().resolve("bin/python").toString();
            String out = Exec.of(python, script.toString(), Emulated.repo().resolve("terraform").toString())
                    .separateStderr().timeout(Duration.ofSeconds(60)).run().stdout();
            Set<String> resources = new TreeSet<>();
            List<String> tiers = List.of();
            for (String line : out.split("\n")) {
                if (line.startsWith("resource ")) {
                    resources.add(line.substring("resource ".length()).trim());
                } else if (line.startsWith("tiers ")) {
                    tiers = Arrays.asList(line.substring("tiers ".length()).trim().split(" "));
                }
            }
            return new Hcl(resources, tiers);
        }
    }

    @Test
    void createsEveryResourceTheTerraformRootModuleDeclaresOrSaysWhyNot() throws Exception {
        Hcl hcl = Hcl.read();
        assertThat(hcl.resources()).as("resources parsed from terraform/").hasSizeGreaterThan(50);
        Set<String> created = deployment.resources().stream().map(DeployedResource::address).collect(Collectors.toCollection(TreeSet::new));
        Set<String> notCovered = new TreeSet<>(hcl.resources());
        notCovered.removeAll(created);
        notCovered.removeAll(EXCLUDED.keySet());
        notCovered.removeAll(EMPTY_FOR_SEED.keySet());
        assertThat(notCovered).as("declared in terraform/ but neither created by the deployer nor excluded with a reason")
                .isEmpty();
        assertThat(hcl.resources()).as("every exclusion names a resource that exists in terraform/")
                .containsAll(EXCLUDED.keySet());
        Set<String> invented = created.stream().filter(a -> !a.startsWith("stackgate.") && !hcl.resources().contains(a))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(invented).as("created by the deployer under an address terraform/ does not declare").isEmpty();
    }

    @Test
    void deploysTheTiersOfTheRootModule() throws Exception {
        assertThat(Tier.all().stream().map(Tier::id).toList()).as("Tier against main.tf's local.tiers")
                .containsExactlyElementsOf(Hcl.read().tiers());
    }

    @Test
    void everyPrivateIpIsALoopbackAddressAndInstancesSpreadOverTheAzs() {
        var reservations = aws.ec2().describeInstances(r -> r.filters(
                Filter.builder().name("tag:Stack").values(seed.name()).build(),
                Filter.builder().name("instance-state-name").values("running").build())).reservations();
        var instances = reservations.stream().flatMap(r -> r.instances().stream()).toList();
        // prometheus, alertmanager, grafana and the query tier
        assertThat(instances).as("instance ids").extracting(i -> i.instanceId()).hasSize(2 + 3 + 2 + 2);
        assertThat(instances).allSatisfy(i -> assertThat(i.privateIpAddress()).startsWith("127.40."));
        Map<String, Long> perAz = instances.stream().collect(Collectors.groupingBy(i -> i.placement().availabilityZone(),
                TreeMap::new, Collectors.counting()));
        assertThat(perAz).containsExactly(Map.entry("us-east-1a", 5L), Map.entry("us-east-1b", 4L));
    }

    /**
     * The generated {@code aws_ec2.yml} read by the real amazon.aws.aws_ec2 plugin (the collection
     * ansible/tests/run-gates.sh puts into the Ansible venv) against the deployed stack: each running
     * instance in exactly its Tier's group, reached at its private IP; a stopped instance of the stack
     * and a running one of another stack are left out.
     */
    @Test
    void theGeneratedAwsEc2InventoryGroupsTheRunningInstancesByTierWithTheRealPlugin(@TempDir Path dir) throws Exception {
        Path venv = Emulated.repo().resolve(".tools/venv-ansible");
        Path plugin = venv.resolve("collections/ansible_collections/amazon/aws/plugins/inventory/aws_ec2.py");
        assumeTrue(Files.isExecutable(venv.resolve("bin/ansible-inventory")) && Files.isRegularFile(plugin),
                "no " + plugin + ": run ansible/tests/run-gates.sh, which builds the Ansible venv with the amazon.aws"
                        + " collection and boto3");
        String image = Emulated.options(aws).imageId();
        String subnet = aws.ec2().describeSubnets(r -> r.filters(Filter.builder().name("tag:Stack").values(seed.name())
                .build())).subnets().get(0).subnetId();
        String stopped = launch(image, subnet, seed.name(), "prometheus");
        aws.ec2().stopInstances(r -> r.instanceIds(stopped));
        String foreign = launch(image, subnet, "someone-else", "prometheus");
        Path inventory = dir.resolve("aws_ec2.yml");
        Files.writeString(inventory, new AnsibleInputs().render(seed).text(AnsibleInputs.EC2_INVENTORY));

        Exec.Result r = Exec.of(venv.resolve("bin/ansible-inventory").toString(), "-i", inventory.toString(), "--list")
                .in(dir).env(Map.of("ANSIBLE_COLLECTIONS_PATH", venv.resolve("collections").toString(),
                        "AWS_ENDPOINT_URL", moto.endpoint().toString(), "AWS_ACCESS_KEY_ID", "testing",
                        "AWS_SECRET_ACCESS_KEY", "testing", "ANSIBLE_INVENTORY_UNPARSED_FAILED", "true",
                        "ANSIBLE_NOCOLOR", "1"))
                .separateStderr().timeout(Duration.ofSeconds(90)).runForAnyExit();

        assertThat(r.exitCode()).as("ansible-inventory exit code; stderr: %s", r.stderr()).isZero();
        JsonNode inv = new ObjectMapper().readTree(r.stdout());
        var running = aws.ec2().describeInstances(q -> q.filters(
                Filter.builder().name("tag:Stack").values(seed.name()).build(),
                Filter.builder().name("instance-state-name").values("running").build())).reservations().stream()
                .flatMap(x -> x.instances().stream()).toList();
        Map<String, List<String>> byTier = running.stream().collect(Collectors.groupingBy(
                i -> i.tags().stream().filter(t -> t.key().equals("Tier")).findFirst().orElseThrow().value(), TreeMap::new,
                Collectors.mapping(i -> i.instanceId(), Collectors.toList())));
        assertThat(byTier).containsOnlyKeys("prometheus", "alertmanager", "grafana", "query");
        byTier.forEach((tier, ids) -> {
            List<String> hosts = new java.util.ArrayList<>();
            inv.path(tier).path("hosts").forEach(h -> hosts.add(h.asText()));
            assertThat(hosts).as("group %s", tier).containsExactlyInAnyOrderElementsOf(ids);
        });
        for (var i : running) {
            JsonNode host = inv.path("_meta").path("hostvars").path(i.instanceId()).path("ansible_host");
            // ansible-core 2.19+ marks values from an inventory plugin as unsafe in --list's JSON
            String address = host.isObject() ? host.path("__ansible_unsafe").asText() : host.asText();
            assertThat(address).as("ansible_host of %s", i.instanceId()).isEqualTo(i.privateIpAddress());
        }
        assertThat(inv.path("_meta").path("hostvars").has(stopped)).as("the stopped instance").isFalse();
        assertThat(inv.path("_meta").path("hostvars").has(foreign)).as("another stack's instance").isFalse();
    }

    private static String launch(String image, String subnet, String stack, String tier) {
        return aws.ec2().runInstances(r -> r.imageId(image).minCount(1).maxCount(1).subnetId(subnet)
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(
                        Tag.builder().key("Stack").value(stack).build(), Tag.builder().key("Tier").value(tier).build())
                        .build()))
                .instances().get(0).instanceId();
    }

    @Test
    void refusesASecondDeployOfTheSameStackAndCreatesNothing() {
        int vpcsBefore = aws.ec2().describeVpcs().vpcs().size();
        assertThatThrownBy(() -> new Deployer(aws).deploy(seed, Emulated.options(aws)))
                .isInstanceOf(StackExistsException.class)
                .hasMessageContaining("stack obs is already deployed").hasMessageContaining(moto.endpoint().toString());
        assertThat(aws.ec2().describeVpcs().vpcs()).hasSize(vpcsBefore);
    }

    @Test
    void aFailedDeployLeavesNothingBehind() {
        Topology other = seed.toBuilder().name("rollback").vpcCidr("10.41.0.0/16")
                .grafana(g -> g.adminPassword(io.stackgate.model.Secret.ref("ssm:/rollback/grafana/admin"))).build();
        assertThatThrownBy(() -> new Deployer(aws).deploy(other, new DeployOptions("ami-00000000000000000")))
                .isInstanceOf(DeployException.class)
                .hasMessageContaining("failed at launch templates and Auto Scaling groups")
                .hasMessageContaining("AMI ami-00000000000000000 does not exist")
                .hasMessageNotContaining("except");
        Filter tag = Filter.builder().name("tag:Stack").values("rollback").build();
        assertThat(aws.ec2().describeVpcs(r -> r.filters(tag)).vpcs()).isEmpty();
        assertThat(aws.ec2().describeSubnets(r -> r.filters(tag)).subnets()).isEmpty();
        assertThat(aws.ec2().describeSecurityGroups(r -> r.filters(tag)).securityGroups()).isEmpty();
        assertThat(aws.elb().describeLoadBalancers().loadBalancers()).noneMatch(l -> l.loadBalancerName().startsWith("rollback"));
        assertThat(aws.elb().describeTargetGroups().targetGroups()).noneMatch(t -> t.targetGroupName().startsWith("rollback"));
        assertThat(aws.s3().listBuckets().buckets()).noneMatch(b -> b.name().startsWith("rollback"));
        assertThat(aws.iam().listRoles().roles()).noneMatch(r -> r.roleName().startsWith("rollback"));
        assertThat(aws.efs().describeFileSystems(Map.of("CreationToken", "rollback-config")).path("FileSystems")).isEmpty();
        assertThat(aws.ssm().describeParameters().parameters()).noneMatch(p -> p.name().startsWith("/rollback/"));
    }
}
