package dev.continuity.core.monitor;

import com.sun.net.httpserver.HttpServer;
import dev.continuity.api.Alert;
import dev.continuity.api.Severity;
import dev.continuity.api.spi.AlertSink;
import dev.continuity.core.alerts.WebhookAlertSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class AlertSinksTest {
    private static final byte[] SECRET = "s3cret".getBytes(StandardCharsets.UTF_8);
    private static final Alert ALERT = new Alert(Severity.CRITICAL, "executor", "execution exec-1 switched to \"isolated\" mode\n",
            Instant.parse("2026-11-21T00:00:00Z"), Alert.Kind.ISOLATED_MODE);
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void theWebhookPostsSignedJsonAndRetriesServerErrors() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> signatures = new CopyOnWriteArrayList<>();
        List<String> timestamps = new CopyOnWriteArrayList<>();
        CountDownLatch delivered = new CountDownLatch(1);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            bodies.add(body);
            signatures.add(ex.getRequestHeaders().getFirst(WebhookAlertSink.SIGNATURE_HEADER));
            timestamps.add(ex.getRequestHeaders().getFirst(WebhookAlertSink.TIMESTAMP_HEADER));
            int code = calls.incrementAndGet() < 3 ? 503 : 204;
            ex.sendResponseHeaders(code, -1);
            ex.close();
            if (code == 204) {
                delivered.countDown();
            }
        });
        server.start();
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        WebhookAlertSink sink = WebhookAlertSink.builder(uri, SECRET).retries(3, Duration.ZERO)
                .clock(InstantSource.fixed(Instant.parse("2026-11-21T01:00:00Z"))).build();
        try (AlertDispatcher d = new AlertDispatcher(List.of(sink), 8, new SimpleMeterRegistry())) {
            d.offer(ALERT);
            assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(calls.get()).isEqualTo(3);
        String body = bodies.getLast();
        assertThat(body).isEqualTo("{\"severity\":\"CRITICAL\",\"kind\":\"ISOLATED_MODE\",\"source\":\"executor\",\"message\":\"execution exec-1 switched to \\\"isolated\\\" mode\\n\","
                + "\"at\":\"2026-11-21T00:00:00Z\"}");
        assertThat(timestamps.getLast()).isEqualTo(Long.toString(Instant.parse("2026-11-21T01:00:00Z").getEpochSecond()));
        assertThat(signatures.getLast()).isEqualTo("sha256=" + WebhookAlertSink.sign(SECRET, timestamps.getLast() + "." + body));
        // a receiver with another secret rejects it
        assertThat(signatures.getLast()).isNotEqualTo("sha256=" + WebhookAlertSink.sign("other".getBytes(StandardCharsets.UTF_8), timestamps.getLast() + "." + body));
    }

    @Test
    void aBlockedSinkNeverBlocksTheCallerAndItsOverflowIsCounted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstTaken = new CountDownLatch(1);
        AlertSink stuck = new AlertSink() {
            @Override public void send(Alert alert) {
                firstTaken.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            @Override public String id() { return "stuck"; }
        };
        AtomicInteger logged = new AtomicInteger();
        AlertSink counting = a -> logged.incrementAndGet();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AlertDispatcher d = new AlertDispatcher(List.of(stuck, counting), 4, meters);
        d.offer(ALERT);
        assertThat(firstTaken.await(10, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            d.offer(ALERT);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(meters.get("continuity.alerts.dropped").tag("sink", "stuck").counter().count()).isEqualTo(10_000 - 4);
        release.countDown();
        d.close(Duration.ofSeconds(10));
        // the other sink was not held up by the stuck one: at least its full queue (4) was delivered; how many more
        // depends on when its worker ran during the burst
        assertThat(logged.get()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void aFailingSinkIsContained() throws Exception {
        CountDownLatch second = new CountDownLatch(2);
        AlertSink failing = new AlertSink() {
            @Override public void send(Alert alert) {
                second.countDown();
                throw new IllegalStateException("pager down");
            }
            @Override public String id() { return "pager"; }
        };
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (AlertDispatcher d = new AlertDispatcher(List.of(failing), 8, meters)) {
            d.offer(ALERT);
            d.offer(ALERT);
            assertThat(second.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(meters.get("continuity.plugin.failures").tag("plugin", "pager").counter().count()).isEqualTo(2);
    }

    @Test
    void theDefaultIdOfALambdaOrAnAnonymousPluginIsBoundedNotTheJvmsGeneratedName() throws Exception {
        AlertSink lambdaSink = alert -> { };
        AlertSink anonymous = new AlertSink() {
            @Override public void send(Alert alert) { }
        };
        dev.continuity.api.spi.ExecutionListener lambdaListener = event -> { };
        assertThat(lambdaSink.id()).isEqualTo("AlertSinksTest-lambda");
        assertThat(anonymous.id()).isEqualTo("AlertSinksTest-anonymous");
        assertThat(lambdaListener.id()).isEqualTo("AlertSinksTest-lambda");
        assertThat(new dev.continuity.core.alerts.LoggingAlertSink().id()).doesNotContain("lambda").doesNotContain("$");

        CountDownLatch failed = new CountDownLatch(1);
        AlertSink failing = alert -> {
            failed.countDown();
            throw new IllegalStateException("pager down");
        };
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (AlertDispatcher d = new AlertDispatcher(List.of(failing), 8, meters)) {
            d.offer(ALERT);
            assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(meters.get("continuity.plugin.failures").counters()).singleElement()
                .satisfies(c -> assertThat(c.getId().getTag("plugin")).isEqualTo("AlertSinksTest-lambda"));
    }
}
