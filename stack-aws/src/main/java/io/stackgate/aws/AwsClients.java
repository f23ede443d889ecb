package io.stackgate.aws;

import io.stackgate.aws.internal.EfsApi;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Every AWS client the AWS layer uses, built one way from one {@link AwsConnection}: same region,
 * endpoint override and credentials, one shared HTTP client. Clients are created on first use and
 * closed together by {@link #close()}.
 */
public final class AwsClients implements AutoCloseable {
    private final AwsConnection connection;
    private final SdkHttpClient http;
    private final List<AutoCloseable> open = new ArrayList<>();
    private Ec2Client ec2;
    private AutoScalingClient autoScaling;
    private ElasticLoadBalancingV2Client elb;
    private SsmClient ssm;
    private S3Client s3;
    private IamClient iam;
    private StsClient sts;
    private KmsClient kms;
    private AcmClient acm;
    private Route53Client route53;
    private EfsApi efs;

    private AwsClients(AwsConnection connection) {
        this.connection = connection;
        this.http = UrlConnectionHttpClient.builder().build();
    }

    public static AwsClients of(AwsConnection connection) {
        return new AwsClients(connection);
    }

    public AwsConnection connection() {
        return connection;
    }

    public synchronized Ec2Client ec2() {
        return ec2 != null ? ec2 : (ec2 = build(Ec2Client.builder(), false));
    }

    public synchronized AutoScalingClient autoScaling() {
        return autoScaling != null ? autoScaling : (autoScaling = build(AutoScalingClient.builder(), false));
    }

    public synchronized ElasticLoadBalancingV2Client elb() {
        return elb != null ? elb : (elb = build(ElasticLoadBalancingV2Client.builder(), false));
    }

    public synchronized SsmClient ssm() {
        return ssm != null ? ssm : (ssm = build(SsmClient.builder(), false));
    }

    /** Path-style addressing with an endpoint override: an emulator has no per-bucket host names. */
    public synchronized S3Client s3() {
        if (s3 == null) {
            s3 = build(S3Client.builder().forcePathStyle(connection.endpoint().isPresent()), false);
        }
        return s3;
    }

    public synchronized IamClient iam() {
        return iam != null ? iam : (iam = build(IamClient.builder(), true));
    }

    public synchronized StsClient sts() {
        return sts != null ? sts : (sts = build(StsClient.builder(), false));
    }

    public synchronized KmsClient kms() {
        return kms != null ? kms : (kms = build(KmsClient.builder(), false));
    }

    public synchronized AcmClient acm() {
        return acm != null ? acm : (acm = build(AcmClient.builder(), false));
    }

    public synchronized Route53Client route53() {
        return route53 != null ? route53 : (route53 = build(Route53Client.builder(), true));
    }

    /** EFS through a signed REST client (see {@link EfsApi} for why it is not the SDK's). */
    public synchronized EfsApi efs() {
        return efs != null ? efs : (efs = new EfsApi(connection, http));
    }

    /** The account the credentials belong to (STS GetCallerIdentity). */
    public String accountId() {
        return sts().getCallerIdentity().account();
    }

    private <B extends AwsClientBuilder<B, C> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C extends AutoCloseable>
            C build(B builder, boolean global) {
        // IAM and Route 53 are global services: signed for aws-global on AWS; an emulator takes any region.
        Region region = global && connection.endpoint().isEmpty() ? Region.AWS_GLOBAL : connection.region();
        builder.region(region).credentialsProvider(connection.credentials()).httpClient(http);
        connection.endpoint().ifPresent(builder::endpointOverride);
        C client = builder.build();
        open.add(client);
        return client;
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing a client releases nothing the next one needs
            }
        }
        open.clear();
        http.close();
    }

}
