package dev.continuity.core.alerts;

import dev.continuity.api.Alert;
import dev.continuity.api.spi.AlertSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Posts each alert as JSON to a webhook with the JDK {@link HttpClient}, signed with HMAC-SHA256 so the receiver can
 * check it came from us and was not replayed:
 *
 * <ul>
 *   <li>body: {@code {"severity":"ERROR","source":"llm","message":"...","at":"2026-11-21T00:00:00Z"}}</li>
 *   <li>{@code X-Continuity-Timestamp}: seconds since the epoch when it was sent</li>
 *   <li>{@code X-Continuity-Signature}: {@code sha256=} + hex HMAC-SHA256 of {@code timestamp + "." + body} with the
 *       shared secret</li>
 * </ul>
 *
 * A connection error, a 429 or a 5xx is retried with exponential backoff up to {@code maxAttempts}; other 4xx are not.
 * Like every sink it runs on its own thread behind a bounded queue, so it never blocks a run.
 *
 * <pre>{@code
 * Orchestrators.builder(root).alertSink(WebhookAlertSink.builder(URI.create("https://hooks.example.com/continuity"),
 *         System.getenv("CONTINUITY_WEBHOOK_SECRET").getBytes(StandardCharsets.UTF_8)).build());
 * }</pre>
 */
public final class WebhookAlertSink implements AlertSink {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookAlertSink.class);
    /** The header carrying the signature. */
    public static final String SIGNATURE_HEADER = "X-Continuity-Signature";
    /** The header carrying the timestamp that is signed with the body. */
    public static final String TIMESTAMP_HEADER = "X-Continuity-Timestamp";

    private final URI uri;
    private final byte[] secret;
    private final HttpClient client;
    private final Duration timeout;
    private final int maxAttempts;
    private final Duration backoff;
    private final InstantSource clock;

    private WebhookAlertSink(Builder b) {
        this.uri = b.uri;
        this.secret = b.secret.clone();
        this.client = b.client != null ? b.client : HttpClient.newBuilder().connectTimeout(b.timeout).build();
        this.timeout = b.timeout;
        this.maxAttempts = b.maxAttempts;
        this.backoff = b.backoff;
        this.clock = b.clock;
    }

    /** A sink posting to {@code uri}, signing with {@code secret}. */
    public static Builder builder(URI uri, byte[] secret) {
        return new Builder(uri, secret);
    }

    @Override
    public void send(Alert alert) {
        String body = json(alert);
        for (int attempt = 1; ; attempt++) {
            String timestamp = Long.toString(clock.instant().getEpochSecond());
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header(TIMESTAMP_HEADER, timestamp)
                    .header(SIGNATURE_HEADER, "sha256=" + sign(secret, timestamp + "." + body))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build();
            String problem;
            try {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                int code = response.statusCode();
                if (code >= 200 && code < 300) {
                    return;
                }
                if (code != 429 && code < 500) {
                    LOG.warn("webhook {} refused an alert with HTTP {}; not retried", uri, code);
                    return;
                }
                problem = "HTTP " + code;
            } catch (IOException e) {
                problem = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (attempt >= maxAttempts) {
                LOG.warn("webhook {} failed {} time(s) (last: {}); the alert '{}' is dropped", uri, attempt, problem, alert.message());
                return;
            }
            try {
                Thread.sleep(backoff.multipliedBy(1L << Math.min(attempt - 1, 10)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public String id() {
        return "webhook";
    }

    /** The hex HMAC-SHA256 of {@code payload} with {@code secret}: what a receiver recomputes to check a signature. */
    public static String sign(byte[] secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    static String json(Alert a) {
        return "{\"severity\":\"" + a.severity() + "\",\"kind\":\"" + a.kind() + "\",\"source\":" + quote(a.source()) + ",\"message\":"
                + quote(a.message()) + ",\"at\":\"" + a.at() + "\"}";
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    @Override
    public String toString() {
        return "WebhookAlertSink[" + uri + "]";
    }

    /** Configures a {@link WebhookAlertSink}. */
    public static final class Builder {
        private final URI uri;
        private final byte[] secret;
        private HttpClient client;
        private Duration timeout = Duration.ofSeconds(10);
        private int maxAttempts = 3;
        private Duration backoff = Duration.ofMillis(500);
        private InstantSource clock = InstantSource.system();

        private Builder(URI uri, byte[] secret) {
            this.uri = Objects.requireNonNull(uri, "uri");
            String scheme = uri.getScheme();
            if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
                throw new IllegalArgumentException("webhook uri must be http or https, was " + uri);
            }
            this.secret = Objects.requireNonNull(secret, "secret").clone();
            if (secret.length == 0) {
                throw new IllegalArgumentException("webhook secret must not be empty");
            }
        }

        /** The client to send with; a new one by default. */
        public Builder client(HttpClient client) { this.client = Objects.requireNonNull(client, "client"); return this; }

        /** Time limit of one request; 10 s by default. */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** Attempts per alert, and the first wait between them (doubling); 3 and 500 ms by default. */
        public Builder retries(int maxAttempts, Duration backoff) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
            }
            if (backoff.isNegative()) {
                throw new IllegalArgumentException("backoff must not be negative, was " + backoff);
            }
            this.maxAttempts = maxAttempts;
            this.backoff = backoff;
            return this;
        }

        /** The clock of the signed timestamp. */
        public Builder clock(InstantSource clock) { this.clock = Objects.requireNonNull(clock, "clock"); return this; }

        /**
         * The sink. It keeps its own copy of the secret; without a {@link #client(HttpClient) client} it creates one
         * whose connect timeout is the request {@link #timeout(Duration) timeout}.
         *
         * @return the sink
         */
        public WebhookAlertSink build() {
            return new WebhookAlertSink(this);
        }
    }
}
