package io.stackgate.aws.target.internal;

import io.stackgate.aws.AwsClients;
import io.stackgate.model.ConfigStore;
import io.stackgate.model.render.Bundle;
import io.stackgate.model.render.BundleWriter;
import io.stackgate.verify.target.ConfigPush;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The one shared config of the emulated stack, where the deploy put it and the nodes read it: with
 * {@code configStore: efs} the EFS file system (moto's EFS is an API only, so its contents are a directory,
 * {@code efs/<file system id>/}, every instance's mount); with {@code s3} the config bucket's {@code config/}
 * prefix in the emulator, which every instance syncs to its disk at boot, as the user data does.
 */
public final class SharedConfigStore implements ConfigPush {
    private static final String PROMETHEUS = "prometheus/prometheus.yml";

    private final ConfigStore store;
    private final Path efsRoot;
    private final AwsClients aws;
    private final String bucket;

    public SharedConfigStore(ConfigStore store, Path efsRoot, AwsClients aws, String bucket) {
        this.store = store;
        this.efsRoot = efsRoot;
        this.aws = aws;
        this.bucket = bucket;
    }

    /** The directory every instance mounts (efs), or the root of the bucket's mirror (s3). */
    public Path efsConfigDir() {
        return efsRoot.resolve("config");
    }

    /** Writes the rendered bundle to the EFS directory and, with {@code s3}, to the bucket's {@code config/}. */
    public void publish(Bundle bundle) {
        try {
            new BundleWriter().write(bundle, efsRoot);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the shared config to " + efsRoot, e);
        }
        if (store == ConfigStore.S3) {
            for (Map.Entry<String, byte[]> f : bundle.files().entrySet()) {
                aws.s3().putObject(r -> r.bucket(bucket).key(f.getKey()), RequestBody.fromBytes(f.getValue()));
            }
        }
    }

    /**
     * Where an instance reads its config: the EFS mount, or with {@code s3} its own copy on {@code disk},
     * synced from the bucket now (aws s3 sync s3://bucket/config …).
     */
    public Path configFor(Path disk) {
        if (store != ConfigStore.S3) {
            return efsConfigDir();
        }
        Path copy = disk.resolve("config");
        aws.s3().listObjectsV2Paginator(r -> r.bucket(bucket).prefix("config/")).contents().forEach(o -> {
            Path file = copy.resolve(o.key().substring("config/".length()));
            try {
                Files.createDirectories(file.getParent());
                Files.write(file, aws.s3().getObjectAsBytes(r -> r.bucket(bucket).key(o.key())).asByteArray());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot sync s3://" + bucket + "/" + o.key() + " to " + file, e);
            }
        });
        return copy;
    }

    @Override
    public String prometheusConfig() {
        if (store == ConfigStore.S3) {
            return aws.s3().getObjectAsBytes(r -> r.bucket(bucket).key("config/" + PROMETHEUS)).asUtf8String();
        }
        try {
            return Files.readString(efsConfigDir().resolve(PROMETHEUS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shared config on EFS " + efsConfigDir(), e);
        }
    }

    /**
     * EFS: written beside the file and renamed (a replica never reads half a file). S3: PutObject, then every
     * running instance's copy is refreshed by {@code resync} (the nodes' config refresh).
     */
    @Override
    public void writePrometheusConfig(String yaml) {
        if (store == ConfigStore.S3) {
            aws.s3().putObject(r -> r.bucket(bucket).key("config/" + PROMETHEUS), RequestBody.fromString(yaml));
            return;
        }
        Path file = efsConfigDir().resolve(PROMETHEUS);
        try {
            Path tmp = Files.createTempFile(file.getParent(), ".prometheus", ".yml");
            Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the shared config on EFS " + file, e);
        }
    }

    public boolean synced() {
        return store == ConfigStore.S3;
    }
}
