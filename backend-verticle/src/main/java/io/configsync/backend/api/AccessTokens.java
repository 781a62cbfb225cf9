package io.configsync.backend.api;

import io.configsync.codecs.NamedTokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may call the API: admin tokens may read and write, each under a name that the audit trail
 * records as the actor of its writes; read tokens (e.g. the bots') may read; with
 * {@code publicReads} anyone may read.
 *
 * @param adminTokens admin name to token, in the order given; at least one
 */
public record AccessTokens(Map<String, String> adminTokens, Set<String> readTokens, boolean publicReads) {

  /** The name of the single admin token ({@code CONFIGSYNC_ADMIN_TOKEN}). */
  public static final String DEFAULT_ADMIN_NAME = "admin";

  /** Names appear in logs and in the history: no spaces, no control characters. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

  public AccessTokens {
    Objects.requireNonNull(adminTokens, "adminTokens");
    if (adminTokens.isEmpty()) {
      throw new IllegalArgumentException("at least one admin token is needed");
    }
    Set<String> distinct = new HashSet<>();
    adminTokens.forEach((name, token) -> {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("invalid admin token name '" + name
            + "': letters, digits and . _ @ - only, at most 64, starting with a letter or digit");
      }
      if (token == null || token.isBlank()) {
        throw new IllegalArgumentException("the admin token of '" + name + "' must not be blank");
      }
      if (!distinct.add(token)) {
        throw new IllegalArgumentException("two admin names share one token; each admin needs a token of its own");
      }
    });
    adminTokens = Collections.unmodifiableMap(new LinkedHashMap<>(adminTokens));
    readTokens = Set.copyOf(readTokens);
  }

  /** A single admin token, named {@value #DEFAULT_ADMIN_NAME}. */
  public AccessTokens(String adminToken, Set<String> readTokens, boolean publicReads) {
    this(single(adminToken), readTokens, publicReads);
  }

  private static Map<String, String> single(String adminToken) {
    Objects.requireNonNull(adminToken, "adminToken");
    if (adminToken.isBlank()) {
      throw new IllegalArgumentException("the admin token must not be blank");
    }
    return Map.of(DEFAULT_ADMIN_NAME, adminToken);
  }

  /**
   * Reads {@code name:token,...} ({@code CONFIGSYNC_ADMIN_TOKENS}); null or blank gives none.
   *
   * @throws IllegalArgumentException with a message fit for the user (never the tokens) if an entry
   *     is not {@code name:token} or a name comes twice (see {@link NamedTokens})
   */
  public static Map<String, String> parseNamed(String list) {
    return NamedTokens.parse("CONFIGSYNC_ADMIN_TOKENS", list);
  }

  /** The name of the admin whose token this is; compares with every admin token, in constant time. */
  public Optional<String> adminName(String token) {
    if (token == null) {
      return Optional.empty();
    }
    String match = null;
    for (Map.Entry<String, String> admin : adminTokens.entrySet()) {
      if (constantTimeEquals(token, admin.getValue())) {
        match = admin.getKey();
      }
    }
    return Optional.ofNullable(match);
  }

  public boolean isAdmin(String token) {
    return adminName(token).isPresent();
  }

  public boolean mayRead(String token) {
    if (publicReads || isAdmin(token)) {
      return true;
    }
    boolean match = false;
    for (String readToken : readTokens) {
      match |= token != null && constantTimeEquals(token, readToken);
    }
    return match;
  }

  private static boolean constantTimeEquals(String given, String expected) {
    return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "AccessTokens[admins=" + adminTokens.keySet() + ", readTokens=" + readTokens.size() + ", publicReads="
        + publicReads + "]";
  }
}
