package io.stackgate.aws;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Where the AWS APIs are and who calls them: a region, an optional endpoint override (an emulator,
 * or a VPC endpoint) and the credentials. {@link #live} uses the SDK's default credential chain;
 * {@link #emulator} uses fixed dummy keys, which an emulator accepts and AWS rejects.
 */
public record AwsConnection(Region region, Optional<URI> endpoint, AwsCredentialsProvider credentials) {
    public AwsConnection {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(credentials, "credentials");
    }

    /** A real account: the default credential chain (environment, profile, instance role, …). */
    public static AwsConnection live(String region, Optional<URI> endpoint) {
        return new AwsConnection(Region.of(region), endpoint, DefaultCredentialsProvider.builder().build());
    }

    /** An emulator at {@code endpoint}, with dummy static keys. */
    public static AwsConnection emulator(String region, URI endpoint) {
        return new AwsConnection(Region.of(region), Optional.of(endpoint),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("stackgate", "stackgate")));
    }

    /** For messages: the endpoint, or the region's public endpoints. */
    public String describe() {
        return endpoint.map(URI::toString).orElse("AWS " + region.id());
    }
}
