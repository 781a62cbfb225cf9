package io.configsync.bot.sync;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.configsync.codecs.ShardSpec;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a bot held at a revision, kept in its data dir so that a restart resumes from that revision
 * instead of reloading everything: {@code <data-dir>/bot-shards-<shards>.snapshot} (e.g. {@code
 * bot-shards-0-1-of-4.snapshot} for shards 0,1/4), gzip'd JSON lines. The first line says the
 * format, shards, modules, revision, entry count and the bot that wrote it; each further line is
 * one held (guild, module). A file that is missing, unreadable, truncated, of another format, of
 * other shards, or written by a bot that lacked one of this bot's modules (whose configs it would
 * then never load) reads as no snapshot: the bot then does a full reload, so a bad file costs time,
 * never state.
 *
 * <p>The file is named by shards, not by bot id: what a bot holds depends only on its shards, and
 * the default bot id ({@code host-pid}) is new at every start, so a file per id would never be found
 * again and would pile up in the data dir. Bots of the same shards sharing a data dir share the
 * file, which is sound for the same reason (each write is whole and atomic).
 *
 * <p>Blocking: call from a worker ({@code executeBlocking}), never from an event loop.
 */
public final class BotSnapshotFile {

  private static final Logger LOG = LoggerFactory.getLogger(BotSnapshotFile.class);
  static final int FORMAT = 1;
  private static final int BUFFER = 64 * 1024;
  private static final byte[] CONFIG_FIELD = ",\"c\":".getBytes(StandardCharsets.UTF_8);
  private static final byte[] LINE_END = "}\n".getBytes(StandardCharsets.UTF_8);

  /** One held (guild, module); {@code config} is null when not enabled. */
  public record Entry(long guildId, String moduleId, long version, boolean enabled, CompactJson config) {}

  /** Everything held once every revision up to {@code revision} was applied. */
  public record Snapshot(long revision, List<Entry> entries) {}

  private static final int MAX_NAMED_SHARDS_LENGTH = 80;

  private final Path file;
  private final String botId;
  private final ShardSpec shards;
  private final List<String> modules;

  /**
   * @param botId recorded in the file, to tell who wrote it
   * @param modules the modules this bot runs: a file is used only if its writer ran them all
   */
  public BotSnapshotFile(Path dataDir, String botId, ShardSpec shards, List<String> modules) {
    this.botId = Objects.requireNonNull(botId, "botId");
    this.shards = Objects.requireNonNull(shards, "shards");
    this.modules = List.copyOf(modules);
    this.file = dataDir.resolve("bot-shards-" + fileNamePart(shards) + ".snapshot");
  }

  /** {@code 0-3,8-of-16}: runs of shards as ranges; a hash where that would make too long a name. */
  static String fileNamePart(ShardSpec shards) {
    StringBuilder name = new StringBuilder();
    int[] members = shards.shards();
    for (int i = 0; i < members.length; i++) {
      int first = members[i];
      while (i + 1 < members.length && members[i + 1] == members[i] + 1) {
        i++;
      }
      name.append(name.isEmpty() ? "" : ",").append(first).append(first == members[i] ? "" : "-" + members[i]);
    }
    if (name.length() > MAX_NAMED_SHARDS_LENGTH) {
      name.setLength(0);
      name.append("hash").append(Integer.toHexString(shards.toString().hashCode()));
    }
    return name.append("-of-").append(shards.count()).toString();
  }

  public Path path() {
    return file;
  }

  /** The snapshot of this bot and shards, or empty (logged) when there is none fit to resume from. */
  public Optional<Snapshot> read() {
    deleteLeftoverTempFiles();
    try (ByteLines in = new ByteLines(new GZIPInputStream(Files.newInputStream(file), BUFFER))) {
      if (!in.next()) {
        throw new IllegalStateException("empty file");
      }
      JsonObject header = new JsonObject(new String(in.bytes(), 0, in.length(), StandardCharsets.UTF_8));
      String unfit = unfitHeader(header);
      if (unfit != null) {
        LOG.info("Ignoring snapshot {}: {}", file, unfit);
        return Optional.empty();
      }
      long count = header.getLong("count");
      List<Entry> entries = new ArrayList<>((int) Math.min(count, 1 << 20));
      while (in.next()) {
        entries.add(entry(in.bytes(), in.length()));
      }
      if (entries.size() != count) {
        throw new IllegalStateException("it has " + entries.size() + " entries of " + count);
      }
      return Optional.of(new Snapshot(header.getLong("revision"), entries));
    } catch (NoSuchFileException e) {
      LOG.info("No snapshot at {}", file);
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      LOG.warn("Ignoring snapshot {}: unreadable ({})", file, e.toString());
      return Optional.empty();
    }
  }

  /**
   * Replaces the file with {@code snapshot}, atomically: a crash or a failure midway leaves the
   * previous file as it was.
   */
  public void write(Snapshot snapshot) {
    Path temp = null;
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      temp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName() + ".", ".tmp");
      writeTo(temp, snapshot);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      temp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write snapshot " + file, e);
    } finally {
      deleteQuietly(temp);
    }
  }

  private void writeTo(Path temp, Snapshot snapshot) throws IOException {
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
         GZIPOutputStream gzip = new FastGzipOutputStream(Channels.newOutputStream(channel));
         OutputStream out = new BufferedOutputStream(gzip, BUFFER)) {
      out.write(header(snapshot).toBuffer().getBytes());
      out.write('\n');
      Map<String, byte[]> moduleFields = new HashMap<>();
      for (Entry entry : snapshot.entries()) {
        writeLine(entry, out, moduleFields);
      }
      out.flush();
      gzip.finish();
      channel.force(true);
    }
  }

  private JsonObject header(Snapshot snapshot) {
    return new JsonObject()
        .put("format", FORMAT)
        .put("botId", botId)
        .put("shards", shards.toString())
        .put("modules", new JsonArray(new ArrayList<>(modules)))
        .put("revision", snapshot.revision())
        .put("count", snapshot.entries().size());
  }

  private String unfitHeader(JsonObject header) {
    if (!Objects.equals(header.getInteger("format"), FORMAT)) {
      return "format " + header.getValue("format") + ", expected " + FORMAT;
    }
    if (!shards.toString().equals(header.getString("shards"))) {
      return "it is of shards " + header.getString("shards") + ", this bot runs " + shards;
    }
    JsonArray written = header.getJsonArray("modules", new JsonArray());
    List<String> missing = modules.stream().filter(module -> !written.contains(module)).toList();
    if (!missing.isEmpty()) {
      return "it was written by a bot without module(s) " + missing;
    }
    if (header.getLong("revision") == null || header.getLong("count") == null) {
      return "its header lacks the revision or count";
    }
    return null;
  }

  /**
   * {@code {"g":guild,"m":module,"v":version,"e":enabled,"c":config}}, the config copied as the
   * bytes held: nothing is decoded to write a snapshot, and each module's name is encoded once.
   */
  private static void writeLine(Entry entry, OutputStream out, Map<String, byte[]> moduleFields) throws IOException {
    String module = Objects.requireNonNull(entry.moduleId(), "module");
    byte[] moduleField = moduleFields.computeIfAbsent(module,
        id -> (",\"m\":" + Json.encode(id) + ",\"v\":").getBytes(StandardCharsets.UTF_8));
    out.write(("{\"g\":" + entry.guildId()).getBytes(StandardCharsets.ISO_8859_1));
    out.write(moduleField);
    out.write((entry.version() + ",\"e\":" + entry.enabled()).getBytes(StandardCharsets.ISO_8859_1));
    if (entry.enabled()) {
      out.write(CONFIG_FIELD);
      Objects.requireNonNull(entry.config(), "an enabled entry needs its config").writeTo(out);
    }
    out.write(LINE_END);
  }

  /**
   * One line, read in place: each config kept as the bytes it was written in, neither decoded into
   * a tree nor encoded again. Fields may come in any order; an unknown one is skipped.
   */
  private static Entry entry(byte[] line, int length) throws IOException {
    Long guildId = null;
    String moduleId = null;
    Long version = null;
    Boolean enabled = null;
    CompactJson config = null;
    try (JsonParser parser = JsonText.parser(line, length)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalStateException("an entry is not a JSON object");
      }
      String field;
      while ((field = parser.nextFieldName()) != null) {
        JsonToken value = parser.nextToken();
        switch (field) {
          case "g" -> guildId = JsonText.wholeNumber(parser, field);
          case "m" -> moduleId = JsonText.text(parser, field);
          case "v" -> version = JsonText.wholeNumber(parser, field);
          case "e" -> enabled = value == JsonToken.VALUE_TRUE ? Boolean.TRUE
              : value == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
          case "c" -> config = value == JsonToken.VALUE_NULL ? null : JsonText.object(parser, line);
          default -> parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw new IllegalStateException("an entry has more after its object");
      }
    }
    if (guildId == null || moduleId == null || version == null || enabled == null) {
      throw new IllegalStateException("an entry lacks its guild, module, version or enabled flag");
    }
    if (enabled && config == null) {
      throw new IllegalStateException("an enabled entry has no config");
    }
    return new Entry(guildId, moduleId, version, enabled, enabled ? config : null);
  }

  /** The lines of a stream as bytes, one at a time in a buffer reused from line to line. */
  private static final class ByteLines implements AutoCloseable {
    private final InputStream in;
    private final byte[] chunk = new byte[BUFFER];
    private int chunkStart;
    private int chunkEnd;
    private byte[] line = new byte[1_024];
    private int length;

    ByteLines(InputStream in) {
      this.in = in;
    }

    /** Moves to the next line (without its newline); false at the end of the stream. */
    boolean next() throws IOException {
      length = 0;
      boolean any = false;
      while (true) {
        if (chunkStart == chunkEnd) {
          chunkEnd = in.read(chunk);
          chunkStart = 0;
          if (chunkEnd < 0) {
            chunkEnd = 0;
            return any;
          }
        }
        any = true;
        int newline = chunkStart;
        while (newline < chunkEnd && chunk[newline] != '\n') {
          newline++;
        }
        append(newline - chunkStart);
        boolean found = newline < chunkEnd;
        chunkStart = found ? newline + 1 : newline;
        if (found) {
          return true;
        }
      }
    }

    private void append(int bytes) {
      if (length + bytes > line.length) {
        line = Arrays.copyOf(line, Math.max(length + bytes, line.length * 2));
      }
      System.arraycopy(chunk, chunkStart, line, length, bytes);
      length += bytes;
    }

    /** The line is {@code bytes()[0, length())}. */
    byte[] bytes() {
      return line;
    }

    int length() {
      return length;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** Temp files of writes cut short by a crash; a write under way elsewhere then fails and is retried. */
  private void deleteLeftoverTempFiles() {
    Path directory = file.toAbsolutePath().getParent();
    String prefix = file.getFileName() + ".";
    try (Stream<Path> files = Files.list(directory)) {
      files.filter(path -> path.getFileName().toString().startsWith(prefix)
              && path.getFileName().toString().endsWith(".tmp"))
          .forEach(BotSnapshotFile::deleteQuietly);
    } catch (IOException e) {
      LOG.debug("Cannot list {}: {}", directory, e.toString());
    }
  }

  private static void deleteQuietly(Path temp) {
    if (temp == null) {
      return;
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      LOG.warn("Cannot delete {}: {}", temp, e.toString());
    }
  }

  /** Snapshots are rewritten every few seconds: speed matters more than the last few percent of size. */
  private static final class FastGzipOutputStream extends GZIPOutputStream {
    FastGzipOutputStream(OutputStream out) throws IOException {
      super(out, BUFFER);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }
}
