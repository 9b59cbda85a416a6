package io.sparkqwenvl.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EngineRegistryTest {

  @AfterEach
  void cleanUp() {
    EngineRegistry.closeAll();
  }

  private static QwenVlEngine newEngine(AtomicInteger created) {
    created.incrementAndGet();
    return new QwenVlEngine(
        List.of(new FakeBackend()), QwenVlEngineTest.small(), QwenVlEngineTest.GREEDY);
  }

  @Test
  void oneEnginePerModelAndDeviceClosedByTheLastLease() {
    AtomicInteger created = new AtomicInteger();
    var key = new EngineRegistry.Key(Path.of("/models/a/../a"), "gpu:0");
    var lease1 = EngineRegistry.acquire(key, false, () -> newEngine(created));
    var lease2 =
        EngineRegistry.acquire(
            new EngineRegistry.Key(Path.of("/models/a"), "gpu:0"), false, () -> newEngine(created));
    var other =
        EngineRegistry.acquire(
            new EngineRegistry.Key(Path.of("/models/a"), "gpu:1"), false, () -> newEngine(created));
    assertThat(lease2.engine()).isSameAs(lease1.engine());
    assertThat(other.engine()).isNotSameAs(lease1.engine());
    assertThat(created).hasValue(2);
    assertThat(EngineRegistry.openEngines()).isEqualTo(2);

    int before = FakeBackend.OPEN_BUFFERS.get();
    lease1.close();
    lease1.close(); // idempotent: must not give back lease2's reference
    assertThat(EngineRegistry.openEngines()).isEqualTo(2);
    lease2.close();
    assertThat(EngineRegistry.openEngines()).isEqualTo(1);
    assertThat(FakeBackend.OPEN_BUFFERS.get()).isEqualTo(before - 1);
    other.close();
    assertThat(EngineRegistry.openEngines()).isZero();
  }

  @Test
  void keepAliveEnginesStayUntilCloseAll() {
    AtomicInteger created = new AtomicInteger();
    var key = new EngineRegistry.Key(Path.of("/models/b"), "cpu");
    EngineRegistry.acquire(key, true, () -> newEngine(created)).close();
    var again = EngineRegistry.acquire(key, true, () -> newEngine(created));
    assertThat(created).hasValue(1);
    assertThat(
            again
                .engine()
                .submit(QwenVlEngineTest.request(new java.util.Random(1), 2, false))
                .join())
        .isNotNull();
    EngineRegistry.closeAll();
    assertThat(EngineRegistry.openEngines()).isZero();
  }
}
