package io.stackgate.aws.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stackgate.aws.internal.EfsApi;
import io.stackgate.aws.stack.Tier;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** terraform/modules/storage (config and log buckets, EFS) and the Grafana admin password parameter. */
final class StorageSteps {
    private static final String M = "module.storage.";

    private StorageSteps() {
    }

    static void buckets(Context c) {
        String log = c.names.logBucket();
        String config = c.names.configBucket();
        bucket(c, "log", log);
        encryption(c, "log", log, ServerSideEncryption.AES256, null);
        lifecycle(c, "log", log, 365, 7, true);
        policy(c, "log", log, logBucketPolicy(c, log));
        bucket(c, "config", config);
        encryption(c, "config", config, ServerSideEncryption.AWS_KMS, c.kmsKeyArn);
        lifecycle(c, "config", config, 0, 90, false);
        policy(c, "config", config, denyPlaintext(config, ""));
        S3Client s3 = c.aws.s3();
        s3.putBucketLogging(r -> r.bucket(config).bucketLoggingStatus(s -> s.loggingEnabled(l -> l.targetBucket(log)
                .targetPrefix("s3-access/config/"))));
        c.ledger.add(M + "aws_s3_bucket_logging.config", "", config,
                () -> s3.putBucketLogging(r -> r.bucket(config).bucketLoggingStatus(s -> { })));
    }

    private static void bucket(Context c, String name, String bucket) {
        S3Client s3 = c.aws.s3();
        s3.createBucket(r -> {
            r.bucket(bucket);
            if (!c.topology.region().equals("us-east-1")) {
                r.createBucketConfiguration(b -> b.locationConstraint(BucketLocationConstraint.fromValue(c.topology.region())));
            }
        });
        c.ledger.add(M + "aws_s3_bucket." + name, "", bucket, () -> emptyAndDelete(s3, bucket));
        s3.putBucketTagging(r -> r.bucket(bucket).tagging(t -> t.tagSet(c.tags("Name", bucket).entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())));
        s3.putBucketOwnershipControls(r -> r.bucket(bucket).ownershipControls(o -> o.rules(
                x -> x.objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED))));
        c.ledger.add(M + "aws_s3_bucket_ownership_controls." + name, "", bucket, () -> { });
        s3.putPublicAccessBlock(r -> r.bucket(bucket).publicAccessBlockConfiguration(p -> p.blockPublicAcls(true)
                .blockPublicPolicy(true).ignorePublicAcls(true).restrictPublicBuckets(true)));
        c.ledger.add(M + "aws_s3_bucket_public_access_block." + name, "", bucket, () -> { });
        s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        c.ledger.add(M + "aws_s3_bucket_versioning." + name, "", bucket, () -> { });
    }

    private static void encryption(Context c, String name, String bucket, ServerSideEncryption sse, String kmsKey) {
        c.aws.s3().putBucketEncryption(r -> r.bucket(bucket).serverSideEncryptionConfiguration(s -> s.rules(rule -> rule
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(sse).kmsMasterKeyID(kmsKey))
                .bucketKeyEnabled(kmsKey != null ? Boolean.TRUE : null))));
        c.ledger.add(M + "aws_s3_bucket_server_side_encryption_configuration." + name, "", bucket, () -> { });
    }

    private static void lifecycle(Context c, String name, String bucket, int expireDays, int noncurrentDays,
            boolean expire) {
        c.aws.s3().putBucketLifecycleConfiguration(r -> r.bucket(bucket).lifecycleConfiguration(l -> l.rules(rule -> {
            rule.id(expire ? "expire-logs" : "expire-superseded-config").status(ExpirationStatus.ENABLED)
                    .filter(f -> f.prefix(""))
                    .noncurrentVersionExpiration(n -> n.noncurrentDays(noncurrentDays))
                    .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(7));
            if (expire) {
                rule.expiration(e -> e.days(expireDays));
            }
        })));
        c.ledger.add(M + "aws_s3_bucket_lifecycle_configuration." + name, "", bucket, () -> { });
    }

    private static void policy(Context c, String name, String bucket, String policy) {
        S3Client s3 = c.aws.s3();
        s3.putBucketPolicy(r -> r.bucket(bucket).policy(policy));
        c.ledger.add(M + "aws_s3_bucket_policy." + name, "", bucket, () -> s3.deleteBucketPolicy(r -> r.bucket(bucket)));
    }

    private static String denyPlaintext(String bucket, String more) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyPlaintextTransport\",\"Effect\":\"Deny\","
                + "\"Principal\":{\"AWS\":\"*\"},\"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::" + bucket + "\",\"arn:aws:s3:::"
                + bucket + "/*\"],\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}" + more + "]}";
    }

    /**
     * s3.tf's log bucket policy, with two emulator-safe spellings: {@code {"AWS":"*"}} for the
     * principal {@code "*"} (the same principal on AWS; moto's logging check fails with HTTP 500 on
     * a string principal) and the access-log statement narrowed to {@code s3-access/config/*} (moto
     * accepts only the exact target prefix); and without the statement for the legacy regions' ELB account (that
     * account id is a per-region table terraform reads from the provider; the service principal
     * statement covers current regions).
     */
    private static String logBucketPolicy(Context c, String bucket) {
        String arn = "arn:aws:s3:::" + bucket;
        String account = c.names.accountId();
        return denyPlaintext(bucket, ",{\"Sid\":\"AlbAccessLogs\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                + "\"logdelivery.elasticloadbalancing.amazonaws.com\"},\"Action\":\"s3:PutObject\",\"Resource\":\"" + arn
                + "/alb/*/AWSLogs/" + account + "/*\"},{\"Sid\":\"S3ServerAccessLogs\",\"Effect\":\"Allow\",\"Principal\":"
                + "{\"Service\":\"logging.s3.amazonaws.com\"},\"Action\":\"s3:PutObject\",\"Resource\":\"" + arn
                + "/s3-access/config/*\",\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"" + account + "\"}}},"
                + "{\"Sid\":\"VpcFlowLogsWrite\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"delivery.logs.amazonaws.com\"},"
                + "\"Action\":\"s3:PutObject\",\"Resource\":\"" + arn + "/vpc-flow-logs/AWSLogs/" + account + "/*\"},"
                + "{\"Sid\":\"VpcFlowLogsAclCheck\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"delivery.logs.amazonaws.com\"},"
                + "\"Action\":[\"s3:GetBucketAcl\",\"s3:ListBucket\"],\"Resource\":\"" + arn + "\"}");
    }

    private static void emptyAndDelete(S3Client s3, String bucket) {
        for (ObjectVersion v : s3.listObjectVersionsPaginator(r -> r.bucket(bucket)).versions()) {
            s3.deleteObject(r -> r.bucket(bucket).key(v.key()).versionId(v.versionId()));
        }
        s3.deleteBucket(r -> r.bucket(bucket));
    }

    /** The EFS file system of the shared config, one mount target per AZ, one access point per tier. */
    static void efs(Context c) {
        EfsApi efs = c.aws.efs();
        ObjectNode fs = efs.newBody().put("CreationToken", c.names.efsCreationToken()).put("Encrypted", true)
                .put("KmsKeyId", c.kmsKeyArn).put("PerformanceMode", "generalPurpose").put("ThroughputMode", "elastic");
        tags(fs, c.tags("Name", c.topology.name() + "-config"));
        String id = efs.createFileSystem(fs).path("FileSystemId").asText();
        c.efsId = id;
        c.ledger.add(M + "aws_efs_file_system.config", "", id, () -> efs.deleteFileSystem(id));
        for (int i = 0; i < c.privateSubnets.size(); i++) {
            ObjectNode mt = efs.newBody().put("FileSystemId", id).put("SubnetId", c.privateSubnets.get(i));
            mt.putArray("SecurityGroups").add(c.securityGroups.get("efs"));
            String mtId = efs.createMountTarget(mt).path("MountTargetId").asText();
            c.ledger.add(M + "aws_efs_mount_target.config", Integer.toString(i), mtId, () -> efs.deleteMountTarget(mtId));
        }
        // modules/storage keeps one access point per node tier of its own list, without the query tier.
        for (Tier tier : List.of(Tier.PROMETHEUS, Tier.ALERTMANAGER, Tier.GRAFANA)) {
            ObjectNode ap = efs.newBody().put("ClientToken", c.topology.name() + "-" + tier.id()).put("FileSystemId", id);
            ap.putObject("PosixUser").put("Uid", 0).put("Gid", 0);
            ap.putObject("RootDirectory").put("Path", "/" + tier.id()).putObject("CreationInfo").put("OwnerUid", 0)
                    .put("OwnerGid", 0).put("Permissions", "0755");
            tags(ap, c.tags("Name", c.topology.name() + "-" + tier.id(), "Tier", tier.id()));
            JsonNode created = efs.createAccessPoint(ap);
            String apId = created.path("AccessPointId").asText();
            c.ledger.add(M + "aws_efs_access_point.tier", tier.id(), apId, () -> efs.deleteAccessPoint(apId));
        }
    }

    private static void tags(ObjectNode body, java.util.Map<String, String> tags) {
        var arr = body.putArray("Tags");
        tags.forEach((k, v) -> arr.addObject().put("Key", k).put("Value", v));
    }

    /**
     * The Grafana admin password parameter the topology's {@code secretRef} names. terraform/ expects
     * it to exist (a team creates it once); in an emulated stack the deployer creates it with a
     * random value, as a SecureString under the stack key.
     */
    static void adminPassword(Context c) {
        String name = c.topology.grafana().adminPassword().ssmParameter();
        if (name.isEmpty()) {
            return;
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        SsmClient ssm = c.aws.ssm();
        ssm.putParameter(r -> r.name(name).type(ParameterType.SECURE_STRING).keyId(c.kmsKeyArn)
                .value(Base64.getUrlEncoder().withoutPadding().encodeToString(random))
                .description(c.topology.name() + ": Grafana admin password")
                .tags(c.tags("Tier", "grafana").entrySet().stream().map(e -> software.amazon.awssdk.services.ssm.model.Tag
                        .builder().key(e.getKey()).value(e.getValue()).build()).toList()));
        c.ledger.add("stackgate.ssm_parameter.grafana_admin", "", name, () -> ssm.deleteParameter(r -> r.name(name)));
    }
}
