package io.configsync.launcher;

import io.configsync.codecs.Addresses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Seeded generators of malformed and hostile input for the fuzz suite: HTTP requests (as raw
 * bytes, so that nothing on the client side repairs them) and bridge frames. Most of what they
 * make is invalid; some is valid by chance, and the suite counts what was accepted.
 */
final class HostileInputs {

  /** One HTTP request, as written on the wire, and whether it is a write. */
  record RawRequest(String description, byte[] bytes, boolean write) {}

  static final String EMOJI = "\uD83D\uDE00";
  private static final List<String> GUILD_IDS = List.of("81384788765712384", "81384788769906688",
      "9223372036854775807", "9223372036854775808", "99999999999999999999", "012345678901234567", "-81384788765712384",
      "8138478876571238", "\u0668\u0661\u0663\u0668\u0664\u0667\u0668\u0668\u0667\u0666\u0665\u0667\u0661\u0662"
          + "\u0663\u0668\u0664", "+81384788765712384", "81384788765712384.0", "%38%31%33", "%", "%zz", "..", "",
      "81384788765712384%00", "1e18");
  private static final List<String> MODULES = List.of("welcome", "automod", "welcom", "WELCOME", "", "%2e%2e",
      "a".repeat(300), "auto\u0000mod", "welcome%2Fx");
  private static final List<String> SUFFIXES = List.of("", "", "/enable", "/disable", "/history", "/rollback",
      "/status", "/x", "/", "//", "/enable/", "%");
  private static final List<String> PATTERNS = List.of("(?:(?:a{1000}){1000}){1000}", "(a{1000}){1000}",
      "(a{1000}){990}", "(a+)+$", "(?<=a)b", "(a)\\1", "[", "a{1,100000}", "(".repeat(200) + ")".repeat(200),
      "\\p{Greek}{1000}", "(?i)(foo|bar){500}", "x{1000}y{1000}z{1000}w{1000}v{1000}u{1000}", "[]{1000}]",
      "\\Q{1000}\\E{1000}", "(?P<n>a){1000}{1000}", "a**", "(?:a{0,1000}){0,1000}", "\\x{110000}", "a".repeat(1001),
      EMOJI.repeat(600), "(?s).{1000}");
  private static final List<String> STRINGS = List.of("", " ", "\u0000", "\uD800", "\uDC00x", EMOJI.repeat(1001),
      EMOJI.repeat(1000), "m".repeat(2001), "{user.mention}", "<script>", "\u202E", "\u001C", "\\", "\"", "0".repeat(20),
      "112233445566778899", "9223372036854775808", "99999999999999999999");
  private static final List<Object> NUMBERS = List.of(0, -1, 1, 1000, 1001, 3_000_000_000L, Long.MAX_VALUE, 1.5,
      1e30, -0.0, 2419200, 2419201, Integer.MAX_VALUE);

  private final Random random;
  private final String adminToken;

  HostileInputs(long seed, String adminToken) {
    this.random = new Random(seed);
    this.adminToken = adminToken;
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private boolean chance(int percent) {
    return random.nextInt(100) < percent;
  }

  // ---- HTTP

  /** Guilds of several shards of 4, for requests that pass the envelope checks and reach the schema. */
  private static final List<String> VALID_GUILDS = List.of("81384788765712384", "81384788769906688",
      "81384788774100992", "81384788778295296", "9223372036854775807");

  RawRequest request() {
    return chance(50) ? nearlyValid() : anything();
  }

  /** A well-formed write of a known module in a valid guild, with a hostile config: it reaches the schema. */
  private RawRequest nearlyValid() {
    String module = pick(List.of("welcome", "automod"));
    String path = "/api/guilds/" + pick(VALID_GUILDS) + "/modules/" + module;
    JsonObject envelope = new JsonObject().put("config", module.equals("automod") ? automodConfig() : welcomeConfig());
    byte[] body = envelope.encode().getBytes(StandardCharsets.UTF_8);
    String head = "PUT " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + adminToken
        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(head.getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(body);
    return new RawRequest("PUT " + path + " " + abbreviate(envelope.encode()), bytes.toByteArray(), true);
  }

  private RawRequest anything() {
    String method = chance(70) ? pick(List.of("PUT", "POST", "DELETE")) : pick(List.of("GET", "PATCH", "OPTIONS",
        "HEAD", "get", "PUT ", "BREW"));
    String path = path();
    StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    if (chance(85)) {
      head.append("Authorization: ").append(pick(List.of("Bearer " + adminToken, "Bearer " + adminToken,
          "Bearer " + adminToken, "Bearer wrong", "Bearer ", "Basic YWRtaW46YWRtaW4=", "bearer " + adminToken,
          "Bearer " + adminToken + " x"))).append("\r\n");
    }
    if (chance(80)) {
      head.append("Content-Type: ").append(pick(List.of("application/json", "application/json",
          "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "application/xml",
          "application/merge-patch+json", ";;;", "application/json\u0001"))).append("\r\n");
    }
    if (chance(20)) {
      head.append("If-Match: ").append(pick(List.of("\"1\"", "\"0\"", "W/\"1\"", "\"+1\"", "1", "\"1\", \"2\"", "*",
          "\"99999999999999999999\"", "\"-1\"", "\"\u0661\""))).append("\r\n");
    }
    if (chance(5)) {
      head.append(pick(List.of("X-Long: " + "x".repeat(9000), "Bad Header: y", "Transfer-Encoding: gzip",
          "Expect: 100-continue"))).append("\r\n");
    }
    byte[] body = body(path);
    head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(body);
    boolean write = method.equals("PUT") || method.equals("POST") || method.equals("DELETE");
    return new RawRequest(method + " " + abbreviate(path) + " (" + body.length + " bytes)", bytes.toByteArray(), write);
  }

  private String path() {
    return switch (random.nextInt(5)) {
      case 0 -> "/api/events?after=" + pick(List.of("0", "-1", "+5", "\u0665", "1e30", "9223372036854775807",
          "9223372036854775808", "", "abc")) + "&limit=" + pick(List.of("0", "1", "10000", "10001", "+1", "-5"))
          + (chance(50) ? "&shards=" + pick(List.of("0/1", "0,1/4", "+0/1", "4/4", "0-65535/65536", "%")) : "");
      case 1 -> "/api/state/digest?shards=" + pick(List.of("0/1", "0/0", "0-3/4", "\u0660/\u0661", "a", "0,,1/4"));
      case 2 -> pick(List.of("/%", "/api/%zz", "/eventbus/info", "/api", "/api/", "/api/modules", "/api/bots",
          "/..%2f..%2fetc/passwd", "/api/modules/enabled/welcome?shards=9/4", "/" + "a".repeat(5000)));
      default -> "/api/guilds/" + pick(GUILD_IDS) + "/modules/" + pick(MODULES) + pick(SUFFIXES);
    };
  }

  private byte[] body(String path) {
    if (chance(10)) {
      return new byte[0];
    }
    if (chance(10)) {
      return rawBody();
    }
    if (path.endsWith("/rollback")) {
      return new JsonObject().put("version", pick(NUMBERS)).encode().getBytes(StandardCharsets.UTF_8);
    }
    JsonObject envelope = new JsonObject();
    envelope.put("config", path.contains("automod") ? automodConfig() : welcomeConfig());
    if (chance(20)) {
      envelope.put("enabled", pick(List.of(true, false, "true", 1)));
    }
    if (chance(5)) {
      envelope.put("extra", 1);
    }
    String text = envelope.encode();
    if (chance(5)) {
      text = text.replaceFirst("\\{\"config\"", "{\"config\":{},\"config\""); // a key twice
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private byte[] rawBody() {
    return switch (random.nextInt(6)) {
      case 0 -> concat("{\"config\":{\"message\":\"a", new byte[] {(byte) 0xC0, (byte) 0xAF}, "b\",\"dm\":true}}");
      case 1 -> concat("{\"config\":{\"message\":\"", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\"}}");
      case 2 -> "[".repeat(5000).getBytes(StandardCharsets.US_ASCII);
      case 3 -> "{\"config\":{\"message\":\"x\"".getBytes(StandardCharsets.US_ASCII);
      case 4 -> ("{\"config\":{\"message\":\"" + "y".repeat(1024 * 1024) + "\",\"dm\":true}}")
          .getBytes(StandardCharsets.US_ASCII);
      default -> "config=%7B%7D".getBytes(StandardCharsets.US_ASCII);
    };
  }

  private static byte[] concat(String before, byte[] middle, String after) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(before.getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(middle);
    bytes.writeBytes(after.getBytes(StandardCharsets.UTF_8));
    return bytes.toByteArray();
  }

  JsonObject welcomeConfig() {
    JsonObject config = new JsonObject();
    if (chance(90)) {
      config.put("message", chance(50) ? "hello " + random.nextInt(1000) : pick(STRINGS));
    }
    if (chance(80)) {
      config.put("channelId", chance(50) ? "81384788765712390" : (Object) pick(STRINGS));
    }
    if (chance(30)) {
      config.put("dm", pick(List.of(true, false, "yes", 0)));
    }
    if (chance(5)) {
      config.put("colour", "blue");
    }
    return config;
  }

  JsonObject automodConfig() {
    JsonArray rules = new JsonArray();
    int count = chance(3) ? 101 : random.nextInt(4);
    for (int i = 0; i < count; i++) {
      rules.add(rule(i));
    }
    return new JsonObject().put("rules", chance(5) ? (Object) "rules" : rules);
  }

  private JsonObject rule(int index) {
    String type = pick(List.of("regex", "regex", "banned_words", "mass_mentions", "caps", "invite_links", "spam"));
    JsonObject rule = new JsonObject().put("id", chance(90) ? "r" + index : pick(STRINGS)).put("type", type)
        .put("action", pick(List.of("delete", "warn", "timeout", "ban")));
    switch (type) {
      case "regex" -> rule.put("pattern", chance(80) ? pick(PATTERNS) : randomPattern());
      case "banned_words" -> rule.put("words", new JsonArray().add(pick(STRINGS)).add("heck"));
      case "mass_mentions" -> rule.put("maxMentions", pick(NUMBERS));
      case "caps" -> rule.put("maxCapsRatio", pick(NUMBERS));
      default -> { }
    }
    if ("timeout".equals(rule.getString("action")) || chance(10)) {
      rule.put("timeoutSeconds", pick(NUMBERS));
    }
    return rule;
  }

  /** Groups and counted repetitions nested at random. */
  String randomPattern() {
    StringBuilder pattern = new StringBuilder();
    int depth = 1 + random.nextInt(4);
    for (int i = 0; i < depth; i++) {
      pattern.append(pick(List.of("(", "(?:", "[a-z]", "\\d", "x")));
    }
    for (int i = 0; i < depth; i++) {
      pattern.append(pick(List.of(")", ")", "]", ""))).append(pick(List.of("{" + random.nextInt(1200) + "}", "*", "+",
          "{2,}", "{" + random.nextInt(50) + "," + random.nextInt(1200) + "}", "")));
    }
    return pattern.toString();
  }

  private static String abbreviate(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "..." : text;
  }

  // ---- bridge frames

  /** One frame as sent on the raw bridge WebSocket: mostly JSON, sometimes not. */
  String frame(String replyAddress) {
    if (chance(8)) {
      return pick(List.of("{", "", "null", "[1,2]", "\"text\"", "{\"type\":\"send\",\"type\":\"publish\"}",
          "{\"type\":\"send\",\"address\":\"configsync.bot.ack\",\"body\":" + "[".repeat(3000)));
    }
    JsonObject frame = new JsonObject().put("type", pick(List.of("send", "send", "send", "publish", "register",
        "unregister", "ping", "rec", "err", "SEND")));
    String address = pick(List.of(Addresses.BOT_ACK, Addresses.REPLAY, Addresses.BOT_PROPOSAL, Addresses.BOT_PROPOSAL,
        Addresses.MODULE_CHANGES, Addresses.moduleChangeShard(4, 2), Addresses.moduleChangeShard(4, 0),
        Addresses.BOT_PRESENCE, "x".repeat(200), ""));
    frame.put("address", address);
    if (chance(70)) {
      frame.put("replyAddress", replyAddress);
    }
    if (chance(10)) {
      frame.put("headers", pick(List.of((Object) "h", new JsonObject().put("botId", "bot-b"), new JsonArray())));
    }
    frame.put("body", frameBody(address));
    return frame.encode();
  }

  private Object frameBody(String address) {
    if (chance(5)) {
      return pick(List.of("a string", 42, new JsonArray().add(1)));
    }
    if (Addresses.BOT_ACK.equals(address)) {
      JsonObject ack = new JsonObject().put("revision", pick(NUMBERS));
      if (chance(60)) {
        ack.put("statuses", new JsonArray().add(chance(20) ? null : new JsonObject()
            .put("guildId", pick(GUILD_IDS)).put("moduleId", pick(MODULES)).put("version", pick(NUMBERS))
            .put("ok", pick(List.of(true, false, "no"))).put("error", "FORGED")));
      }
      return ack;
    }
    if (Addresses.REPLAY.equals(address)) {
      return new JsonObject().put("after", pick(NUMBERS)).put("limit", pick(NUMBERS));
    }
    JsonObject proposal = new JsonObject().put("guildId", pick(GUILD_IDS)).put("moduleId", pick(MODULES))
        .put("baseVersion", pick(NUMBERS));
    if (chance(80)) {
      proposal.put("config", "automod".equals(proposal.getString("moduleId")) ? automodConfig() : welcomeConfig());
    } else {
      proposal.put("enabled", pick(List.of(true, false, "on")));
    }
    return proposal;
  }
}
