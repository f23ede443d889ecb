package io.stackgate.aws.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stackgate.aws.AwsConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * The few EFS API calls the AWS layer makes (file systems, mount targets, access points), as the
 * service's REST-JSON requests signed with the SDK's SigV4 signer. The SDK's own EFS client is not
 * used because the Maven repository this project builds from serves no
 * {@code software.amazon.awssdk:efs} artifact; the wire format is the public API
 * (version 2015-02-01), so the same calls work against AWS and an emulator.
 *
 * <p>Every call returns the response's JSON; a non-2xx answer throws {@link EfsApiException} with
 * the operation, status and body.
 */
public final class EfsApi {
    private static final String VERSION = "/2015-02-01";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AwsConnection connection;
    private final SdkHttpClient http;
    private final URI endpoint;

    public EfsApi(AwsConnection connection, SdkHttpClient http) {
        this.connection = connection;
        this.http = http;
        this.endpoint = connection.endpoint()
                .orElse(URI.create("https://elasticfilesystem." + connection.region().id() + ".amazonaws.com"));
    }

    /** A non-2xx answer of the EFS API. */
    public static final class EfsApiException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        EfsApiException(String operation, int status, String body) {
            super("EFS " + operation + " answered HTTP " + status + ": " + body);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public ObjectNode newBody() {
        return JSON.createObjectNode();
    }

    public JsonNode createFileSystem(ObjectNode body) {
        return call("CreateFileSystem", SdkHttpMethod.POST, "/file-systems", Map.of(), body);
    }

    /** {@code DescribeFileSystems}, optionally by {@code CreationToken} (an empty map lists all). */
    public JsonNode describeFileSystems(Map<String, String> query) {
        return call("DescribeFileSystems", SdkHttpMethod.GET, "/file-systems", query, null);
    }

    public void deleteFileSystem(String id) {
        call("DeleteFileSystem", SdkHttpMethod.DELETE, "/file-systems/" + id, Map.of(), null);
    }

    public JsonNode createMountTarget(ObjectNode body) {
        return call("CreateMountTarget", SdkHttpMethod.POST, "/mount-targets", Map.of(), body);
    }

    public JsonNode describeMountTargets(String fileSystemId) {
        return call("DescribeMountTargets", SdkHttpMethod.GET, "/mount-targets", Map.of("FileSystemId", fileSystemId),
                null);
    }

    public void deleteMountTarget(String id) {
        call("DeleteMountTarget", SdkHttpMethod.DELETE, "/mount-targets/" + id, Map.of(), null);
    }

    public JsonNode createAccessPoint(ObjectNode body) {
        return call("CreateAccessPoint", SdkHttpMethod.POST, "/access-points", Map.of(), body);
    }

    public JsonNode describeAccessPoints(String fileSystemId) {
        return call("DescribeAccessPoints", SdkHttpMethod.GET, "/access-points", Map.of("FileSystemId", fileSystemId),
                null);
    }

    public void deleteAccessPoint(String id) {
        call("DeleteAccessPoint", SdkHttpMethod.DELETE, "/access-points/" + id, Map.of(), null);
    }

    public JsonNode putBackupPolicy(String fileSystemId, String status) {
        ObjectNode body = newBody();
        body.putObject("BackupPolicy").put("Status", status);
        return call("PutBackupPolicy", SdkHttpMethod.PUT, "/file-systems/" + fileSystemId + "/backup-policy", Map.of(),
                body);
    }

    private JsonNode call(String operation, SdkHttpMethod method, String path, Map<String, String> query,
            ObjectNode body) {
        byte[] payload = body == null ? new byte[0] : body.toString().getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder().method(method)
                .uri(endpoint.resolve(VERSION + path + queryString(query)))
                .putHeader("Content-Type", "application/json");
        if (body != null) {
            request.putHeader("Content-Length", Integer.toString(payload.length));
        }
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(connection.credentials().resolveCredentials())
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "elasticfilesystem")
                .putProperty(AwsV4HttpSigner.REGION_NAME, connection.region().id()));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(body == null ? null : ContentStreamProvider.fromByteArray(payload))
                    .build()).call();
            String text = "";
            if (response.responseBody().isPresent()) {
                try (InputStream in = response.responseBody().get()) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            int status = response.httpResponse().statusCode();
            if (status / 100 != 2) {
                throw new EfsApiException(operation, status, text);
            }
            return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (IOException e) {
            throw SdkClientException.create("EFS " + operation + " at " + endpoint + " failed: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw SdkClientException.create("EFS " + operation + " at " + endpoint + " failed: " + e.getMessage(), e);
        }
    }

    private static String queryString(Map<String, String> query) {
        if (query.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("?");
        new TreeMap<>(query).forEach((k, v) -> sb.append(sb.length() > 1 ? "&" : "")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return sb.toString();
    }
}
