package dev.continuity.core.tx;

import dev.continuity.api.CommitPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransactionOptionsTest {
    @Test
    void defaultsBuilderAndToBuilder() {
        TransactionOptions d = TransactionOptions.defaults();
        assertThat(d.policy()).isEqualTo(CommitPolicy.ALL_OR_NOTHING);
        assertThat(d.adaptiveMerge()).isFalse();
        assertThat(d.planJson()).isEqualTo("{}");
        assertThat(d.fileOps()).isSameAs(FileOps.nio());
        TransactionOptions c = d.toBuilder().policy(CommitPolicy.CHECKPOINTED).adaptiveMerge(true).planJson("[]").build();
        assertThat(c.policy()).isEqualTo(CommitPolicy.CHECKPOINTED);
        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(TransactionOptions.builder().build()).isEqualTo(d);
    }

    @Test
    void badValuesAreRefusedWithTheValueInTheMessage() {
        assertThatThrownBy(() -> TransactionOptions.builder().tornLockStaleAfter(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> TransactionOptions.builder().fileOps(null).build()).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ProjectTransaction.begin(java.nio.file.Path.of("/tmp"), "../evil", TransactionOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'../evil'");
    }
}
