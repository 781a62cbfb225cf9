package io.configsync.bot.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.configsync.codecs.ShardSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Bot snapshot file")
class BotSnapshotFileTest {

  private static final ShardSpec SHARDS = ShardSpec.parse("0,1/4");
  private static final List<String> MODULES = List.of("welcome", "automod");

  @TempDir
  Path dataDir;

  @Test
  @DisplayName("reads back the revision and every entry written, enabled with its config, disabled without")
  void roundTrip() {
    BotSnapshotFile file = new BotSnapshotFile(dataDir, "bot-1", SHARDS, MODULES);
    BotSnapshotFile.Snapshot written = new BotSnapshotFile.Snapshot(12_345, entries(2_000));

    file.write(written);
    Optional<BotSnapshotFile.Snapshot> read = file.read();

    assertThat(file.path()).isEqualTo(dataDir.resolve("bot-shards-0-1-of-4.snapshot"));
    assertThat(read).isPresent();
    assertThat(read.get().revision()).isEqualTo(12_345);
    assertThat(read.get().entries()).containsExactlyElementsOf(written.entries());
    assertThat(read.get().entries().get(1).config()).isNull();
  }

  @Test
  @DisplayName("an empty snapshot is a snapshot: a bot that holds nothing still resumes from its revision")
  void emptySnapshot() {
    BotSnapshotFile file = new BotSnapshotFile(dataDir, "bot-1", SHARDS, MODULES);
    file.write(new BotSnapshotFile.Snapshot(7, List.of()));

    assertThat(file.read()).hasValueSatisfying(snapshot -> {
      assertThat(snapshot.revision()).isEqualTo(7);
      assertThat(snapshot.entries()).isEmpty();
    });
  }

  @Test
  @DisplayName("no file reads as no snapshot")
  void missingFile() {
    assertThat(new BotSnapshotFile(dataDir.resolve("absent"), "bot-1", SHARDS, MODULES).read()).isEmpty();
  }

  @Test
  @DisplayName("a corrupt, truncated or inconsistent file is ignored, never half read")
  void corruptFilesAreIgnored() throws IOException {
    BotSnapshotFile file = new BotSnapshotFile(dataDir, "bot-1", SHARDS, MODULES);
    file.write(new BotSnapshotFile.Snapshot(99, entries(5_000)));
    byte[] valid = Files.readAllBytes(file.path());

    // truncated: a crash while copying the data dir, a full disk
    Files.write(file.path(), java.util.Arrays.copyOf(valid, valid.length / 2));
    assertThat(file.read()).isEmpty();

    // garbage
    Files.writeString(file.path(), "not gzip at all");
    assertThat(file.read()).isEmpty();

    // a flipped byte in the compressed data
    byte[] flipped = valid.clone();
    flipped[flipped.length / 2] ^= 0x55;
    Files.write(file.path(), flipped);
    assertThat(file.read()).isEmpty();

    // well-formed gzip, but fewer entries than the header promises
    writeGzipLines(file.path(), header("bot-1", "0,1/4", 1).encode(), line(1, true).encode());
    assertThat(file.read()).isEmpty();

    // an enabled entry without its config
    writeGzipLines(file.path(), header("bot-1", "0,1/4", 1).put("count", 1).encode(),
        line(1, true).put("c", (Object) null).encode());
    assertThat(file.read()).isEmpty();

    // entries that are not whole: no version, a config that is not an object, not an object,
    // something after the object, an enabled flag that is not a boolean, an empty line
    for (String entry : List.of(line(1, true).put("v", (Object) null).encode(),
        line(1, true).copy().put("c", "text").encode(), "[1]", line(1, true).encode() + " 2",
        line(1, true).put("e", "yes").encode(), "")) {
      writeGzipLines(file.path(), header("bot-1", "0,1/4", 1).put("count", 1).encode(), entry);
      assertThat(file.read()).as(entry).isEmpty();
    }

    // empty file
    Files.write(file.path(), new byte[0]);
    assertThat(file.read()).isEmpty();
  }

  @Test
  @DisplayName("an entry's fields are read in any order, unknown ones skipped, the last line without its newline")
  void entriesReadInPlace() throws IOException {
    BotSnapshotFile file = new BotSnapshotFile(dataDir, "bot-1", SHARDS, MODULES);
    JsonObject config = new JsonObject().put("message", "h\u00e9llo \u4e16\u754c \"q\" \\ \n").put("n", 3);
    String spacedConfig = config.encode().replace(":", ": ").replace(",", ", ");
    String reordered = "{\"c\": " + spacedConfig + ", \"x\": {\"y\": [1]}, \"e\": true, \"v\": 7,"
        + " \"m\": \"welcome\", \"g\": 8}";
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file.path()))) {
      out.write((header("bot-1", "0,1/4", 1).put("count", 2).encode() + "\n" + reordered + "\n"
          + line(9, false).encode()).getBytes(StandardCharsets.UTF_8));
    }

    BotSnapshotFile.Snapshot read = file.read().orElseThrow();

    assertThat(read.entries()).hasSize(2);
    BotSnapshotFile.Entry first = read.entries().get(0);
    assertThat(first).extracting(BotSnapshotFile.Entry::guildId, BotSnapshotFile.Entry::moduleId,
        BotSnapshotFile.Entry::version, BotSnapshotFile.Entry::enabled).containsExactly(8L, "welcome", 7L, true);
    assertThat(first.config().toJsonObject()).isEqualTo(config);
    assertThat(first.config()).isEqualTo(CompactJson.of(config));
    assertThat(read.entries().get(1).enabled()).isFalse();
    assertThat(read.entries().get(1).config()).isNull();
  }

  @Test
  @DisplayName("a file of other shards, another format or fewer modules is ignored; one of another bot id is used")
  void unfitFilesAreIgnored() throws IOException {
    BotSnapshotFile otherShards = new BotSnapshotFile(dataDir, "bot-1", ShardSpec.parse("2,3/4"), MODULES);
    otherShards.write(new BotSnapshotFile.Snapshot(50, entries(10)));
    BotSnapshotFile file = new BotSnapshotFile(dataDir, "bot-1", SHARDS, MODULES);
    assertThat(file.read()).as("no file for these shards").isEmpty();
    Files.copy(otherShards.path(), file.path());
    assertThat(file.read()).as("a file of other shards under this name").isEmpty();

    writeGzipLines(file.path(), header("host-4242", "0,1/4", 1).put("count", 0).encode());
    assertThat(file.read()).as("written by this bot under its previous default id").isPresent();

    writeGzipLines(file.path(), header("bot-1", "0,1/4", BotSnapshotFile.FORMAT + 1).put("count", 0).encode());
    assertThat(file.read()).as("other format").isEmpty();

    writeGzipLines(file.path(), header("bot-1", "0,1/4", 1).put("count", 0)
        .put("modules", new JsonArray().add("welcome")).encode());
    assertThat(file.read()).as("written by a bot without automod: its configs would never load").isEmpty();

    writeGzipLines(file.path(), header("bot-1", "0,1/4", 1).put("count", 0)
        .put("modules", new JsonArray().add("automod").add("welcome").add("retired")).encode());
    assertThat(file.read()).as("written by a bot with one more module").isPresent();
  }

  @Test
  @DisplayName("is named by its shards, runs as ranges, and by a hash where the list would be too long")
  void namedByShards() {
    assertThat(BotSnapshotFile.fileNamePart(ShardSpec.ALL)).isEqualTo("0-of-1");
    assertThat(BotSnapshotFile.fileNamePart(ShardSpec.parse("0-3,5,7-8/16"))).isEqualTo("0-3,5,7-8-of-16");
    String everyOther = java.util.stream.IntStream.range(0, 512).mapToObj(i -> Integer.toString(i * 2))
        .collect(java.util.stream.Collectors.joining(",")) + "/1024";
    assertThat(BotSnapshotFile.fileNamePart(ShardSpec.parse(everyOther))).matches("hash[0-9a-f]+-of-1024");
    assertThat(new BotSnapshotFile(dataDir, "../a/b", SHARDS, MODULES).path().getParent()).isEqualTo(dataDir);
  }

  @Test
  @DisplayName("writes atomically: a write that fails midway leaves the previous file whole and no temp file")
  void atomicWrite() throws IOException {
    BotSnapshotFile file = new BotSnapshotFile(dataDir, "bot-1", SHARDS, MODULES);
    file.write(new BotSnapshotFile.Snapshot(10, entries(100)));
    file.write(new BotSnapshotFile.Snapshot(20, entries(300)));
    assertThat(filesIn(dataDir)).containsExactly("bot-shards-0-1-of-4.snapshot");

    List<BotSnapshotFile.Entry> failing = new ArrayList<>(entries(50_000));
    // an enabled entry without its config cannot be written: the write fails after much has been written
    failing.add(new BotSnapshotFile.Entry(1L << 22, "welcome", 1, true, null));
    assertThatThrownBy(() -> file.write(new BotSnapshotFile.Snapshot(30, failing)))
        .isInstanceOf(RuntimeException.class);

    assertThat(filesIn(dataDir)).containsExactly("bot-shards-0-1-of-4.snapshot");
    // a temp file left by a crash midway is removed at the next start
    Files.writeString(dataDir.resolve("bot-shards-0-1-of-4.snapshot.123.tmp"), "partial");
    assertThat(file.read()).hasValueSatisfying(snapshot -> {
      assertThat(snapshot.revision()).isEqualTo(20);
      assertThat(snapshot.entries()).hasSize(300);
    });
    assertThat(filesIn(dataDir)).containsExactly("bot-shards-0-1-of-4.snapshot");
  }

  private static List<BotSnapshotFile.Entry> entries(int count) {
    List<BotSnapshotFile.Entry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long guild = 400_000_000_000_000_000L + i * 4_194_304L;
      boolean enabled = i % 2 == 0;
      JsonObject config = enabled ? new JsonObject().put("channelId", "81384788765712390")
          .put("message", "Hello {user} #" + i + " \u00e9\u4e16\ud83d\ude00")
          .put("rules", new JsonArray().add(new JsonObject().put("words", new JsonArray().add("w" + i)))) : null;
      entries.add(new BotSnapshotFile.Entry(guild, i % 3 == 0 ? "automod" : "welcome", i + 1L, enabled,
          config == null ? null : CompactJson.of(config)));
    }
    return entries;
  }

  private static JsonObject header(String botId, String shards, int format) {
    return new JsonObject().put("format", format).put("botId", botId).put("shards", shards)
        .put("modules", new JsonArray(MODULES)).put("revision", 5).put("count", 2);
  }

  private static JsonObject line(long guild, boolean enabled) {
    return new JsonObject().put("g", guild).put("m", "welcome").put("v", 1).put("e", enabled)
        .put("c", new JsonObject().put("message", "hi"));
  }

  private static void writeGzipLines(Path path, String... lines) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(path))) {
      out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  private static List<String> filesIn(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(path -> path.getFileName().toString()).sorted().toList();
    }
  }
}
