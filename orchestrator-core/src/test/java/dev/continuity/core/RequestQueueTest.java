package dev.continuity.core;

import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.MLConfiguration;
import dev.continuity.api.QueueFullException;
import dev.continuity.api.QueueTimeoutException;
import dev.continuity.api.RequestPriority;
import dev.continuity.api.UpdateType;
import dev.continuity.core.execute.ManualTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestQueueTest {
    private final ManualTimer timer = new ManualTimer(Duration.ofMinutes(1));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<String> ran = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch firstRunning = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    private RequestQueue queue(int capacity) {
        return new RequestQueue(capacity, Duration.ofMinutes(10), timer, meters, (request, ml) -> {
            ran.add(request.projectName());
            firstRunning.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }, id -> false);
    }

    private static ConsistencyUpdateRequest request(String name) {
        return ConsistencyUpdateRequest.builder().projectName(name).updateType(UpdateType.PLOT_CHANGE).changedFile("plot.yaml").build();
    }

    @Test
    void servesTheMostUrgentFirstAndRefusesWhenFullOfMoreUrgentRequests() throws Exception {
        RequestQueue q = queue(3);
        CompletableFuture<EnhancedUpdateResponse> busy = q.submit(request("busy"), MLConfiguration.defaults(), RequestPriority.NORMAL);
        assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<EnhancedUpdateResponse> low = q.submit(request("low"), MLConfiguration.defaults(), RequestPriority.LOW);
        CompletableFuture<EnhancedUpdateResponse> normal = q.submit(request("normal"), MLConfiguration.defaults(), RequestPriority.NORMAL);
        CompletableFuture<EnhancedUpdateResponse> high = q.submit(request("high"), MLConfiguration.defaults(), RequestPriority.HIGH);
        assertThat(q.depth()).isEqualTo(3);
        assertThat(meters.get("continuity.requests.queued").gauge().value()).isEqualTo(3.0);

        // full: a CRITICAL request evicts the LOW one
        CompletableFuture<EnhancedUpdateResponse> critical = q.submit(request("critical"), MLConfiguration.defaults(), RequestPriority.CRITICAL);
        assertThatThrownBy(low::join).hasCauseInstanceOf(QueueFullException.class).hasMessageContaining("evicted");
        // full of requests at least as urgent: refused
        assertThatThrownBy(() -> q.submit(request("refused"), MLConfiguration.defaults(), RequestPriority.NORMAL))
                .isInstanceOfSatisfying(QueueFullException.class, e -> {
                    assertThat(e.capacity()).isEqualTo(3);
                    assertThat(e.priority()).isEqualTo(RequestPriority.NORMAL);
                    assertThat(e).hasMessageContaining("queue is full");
                });

        release.countDown();
        CompletableFuture.allOf(busy, critical, high, normal).get(10, TimeUnit.SECONDS);
        assertThat(ran).containsExactly("busy", "critical", "high", "normal");
        assertThat(meters.get("continuity.requests").tag("result", "rejected").counter().count()).isEqualTo(1);
        assertThat(meters.get("continuity.requests").tag("result", "evicted").counter().count()).isEqualTo(1);
    }

    @Test
    void aRequestThatWaitsLongerThanTheQueueTimeoutIsDropped() throws Exception {
        RequestQueue q = queue(4);
        CompletableFuture<EnhancedUpdateResponse> busy = q.submit(request("busy"), MLConfiguration.defaults(), RequestPriority.NORMAL);
        assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<EnhancedUpdateResponse> waiting = q.submit(request("waiting"), MLConfiguration.defaults(), RequestPriority.LOW);
        timer.fireAll();
        assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(QueueTimeoutException.class);
        release.countDown();
        busy.get(10, TimeUnit.SECONDS);
        assertThat(ran).containsExactly("busy");
        assertThat(q.depth()).isZero();
    }

    @Test
    void nullArgumentsAreRefusedUpFrontNamedAndNotCounted() {
        RequestQueue q = queue(4);
        assertThatThrownBy(() -> q.submit(request("r"), MLConfiguration.defaults(), null)).isInstanceOf(NullPointerException.class)
                .hasMessage("priority");
        assertThatThrownBy(() -> q.submit(null, MLConfiguration.defaults(), RequestPriority.NORMAL)).isInstanceOf(NullPointerException.class)
                .hasMessage("request");
        assertThatThrownBy(() -> q.submit(request("r"), null, RequestPriority.NORMAL)).isInstanceOf(NullPointerException.class)
                .hasMessage("mlConfig");
        assertThat(meters.find("continuity.requests").counters()).allSatisfy(c -> assertThat(c.count()).isZero());
        assertThat(q.depth()).isZero();
        assertThat(ran).isEmpty();
    }
}
