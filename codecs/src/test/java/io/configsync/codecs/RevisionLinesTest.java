package io.configsync.codecs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Revision log lines: one each at a human pace, one per interval naming the range under load")
class RevisionLinesTest {

  @Test
  @DisplayName("a burst gets its first revision's own line, then one line naming the rest of the range")
  void burstBecomesOneRangeLine(Vertx vertx, VertxTestContext test) {
    List<String> lines = new CopyOnWriteArrayList<>();
    vertx.runOnContext(v -> {
      RevisionLines revisionLines = new RevisionLines(vertx, Duration.ofSeconds(2), "Applied", line -> {
        lines.add(line);
        if (lines.size() == 2) {
          test.verify(() -> {
            assertThat(lines.get(0)).isEqualTo("Applied revision 1");
            assertThat(lines.get(1)).startsWith("Applied revisions 2..500 (499 since the last line;");
          });
          test.completeNow();
        }
      });
      for (long revision = 1; revision <= 500; revision++) {
        long logged = revision;
        revisionLines.add(revision, () -> "Applied revision " + logged);
      }
      test.verify(() -> assertThat(lines).as("only the first line, the range is still open").hasSize(1));
    });
  }

  @Test
  @DisplayName("a lone revision held back by the interval still gets its own line, not a range of one")
  void loneHeldRevisionKeepsItsLine(Vertx vertx, VertxTestContext test) {
    List<String> lines = new CopyOnWriteArrayList<>();
    vertx.runOnContext(v -> {
      RevisionLines revisionLines = new RevisionLines(vertx, Duration.ofSeconds(1), "Applied", line -> {
        lines.add(line);
        if (lines.size() == 2) {
          test.verify(() -> assertThat(lines).containsExactly("Applied revision 1", "Applied revision 2"));
          test.completeNow();
        }
      });
      revisionLines.add(1, () -> "Applied revision 1");
      revisionLines.add(2, () -> "Applied revision 2");
    });
  }

  @Test
  @DisplayName("a revision an interval after the last line gets its own line again")
  void quietPaceGetsOneLineEach(Vertx vertx, VertxTestContext test) {
    List<String> lines = new CopyOnWriteArrayList<>();
    vertx.runOnContext(v -> {
      RevisionLines revisionLines = new RevisionLines(vertx, Duration.ofMillis(50), "Applied", lines::add);
      revisionLines.add(1, () -> "Applied revision 1");
      vertx.setTimer(120, id -> {
        revisionLines.add(2, () -> "Applied revision 2");
        test.verify(() -> assertThat(lines).containsExactly("Applied revision 1", "Applied revision 2"));
        test.completeNow();
      });
    });
  }
}
