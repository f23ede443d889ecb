package io.stackgate.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/** An Alertmanager receiver that posts notifications to a webhook. */
public record Receiver(String name, String webhookUrl) {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_-]{0,62}");

    public Receiver {
        Checks.matches("name", name, NAME, "a receiver name (letters, digits, _ and -)");
        Checks.required("webhookUrl", webhookUrl);
        try {
            URI uri = new URI(webhookUrl);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new TopologyException("webhookUrl", "must be an http(s) URL with a host, got \"" + webhookUrl + "\"");
            }
        } catch (URISyntaxException e) {
            throw new TopologyException("webhookUrl", "is not a URL: " + e.getMessage());
        }
    }

    /** True when the URL carries credentials in its user-info part ({@code https://user:pass@host}). */
    public boolean hasLiteralCredentials() {
        return URI.create(webhookUrl).getUserInfo() != null;
    }
}
