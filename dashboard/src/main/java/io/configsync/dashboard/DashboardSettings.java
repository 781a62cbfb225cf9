package io.configsync.dashboard;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the dashboard is reached and how people sign in to it.
 *
 * @param publicUrl the URL browsers reach the dashboard at (the OAuth2 redirect URI is derived from
 *     it; https makes the session cookie Secure); null: the request's own Host, for local use
 * @param discordUrl Discord's base URL (a local stand-in in tests): its documented paths sit under it
 * @param discordClientId the Discord application's client id; null: only the admin-token sign-in
 * @param discordClientSecret the application's secret, from the environment only
 * @param sessionIdle a session unused this long ends
 * @param sessionMaxAge a session ends this long after its sign-in, used or not
 * @param guildsRefresh how old a Discord user's guild list (and rights) may be before it is read again
 */
public record DashboardSettings(URI publicUrl, URI discordUrl, String discordClientId, String discordClientSecret,
                                Duration sessionIdle, Duration sessionMaxAge, Duration guildsRefresh) {

  public static final URI DISCORD = URI.create("https://discord.com");

  public DashboardSettings {
    Objects.requireNonNull(discordUrl, "discordUrl");
    Objects.requireNonNull(sessionIdle, "sessionIdle");
    Objects.requireNonNull(sessionMaxAge, "sessionMaxAge");
    Objects.requireNonNull(guildsRefresh, "guildsRefresh");
    if (publicUrl != null) {
      publicUrl = withoutTrailingSlash(requireHttp(publicUrl, "--public-url"));
    }
    discordUrl = withoutTrailingSlash(requireHttp(discordUrl, "--discord-url"));
    if (discordClientId != null && (discordClientSecret == null || discordClientSecret.isBlank())) {
      throw new IllegalArgumentException(
          "CONFIGSYNC_DISCORD_CLIENT_ID is set but CONFIGSYNC_DISCORD_CLIENT_SECRET is not; set both, or neither");
    }
  }

  /** Discord at discord.com, no client (token sign-in only), sessions of 8 h idle and 7 days at most. */
  public static DashboardSettings defaults() {
    return new DashboardSettings(null, DISCORD, null, null, Duration.ofHours(8), Duration.ofDays(7),
        Duration.ofMinutes(5));
  }

  public boolean discordEnabled() {
    return discordClientId != null;
  }

  public boolean secureCookies() {
    return publicUrl != null && "https".equals(publicUrl.getScheme());
  }

  public DashboardSettings withPublicUrl(URI publicUrl) {
    return new DashboardSettings(publicUrl, discordUrl, discordClientId, discordClientSecret, sessionIdle,
        sessionMaxAge, guildsRefresh);
  }

  public DashboardSettings withDiscord(URI discordUrl, String clientId, String clientSecret) {
    return new DashboardSettings(publicUrl, discordUrl, clientId, clientSecret, sessionIdle, sessionMaxAge,
        guildsRefresh);
  }

  public DashboardSettings withSessions(Duration idle, Duration maxAge, Duration guildsRefresh) {
    return new DashboardSettings(publicUrl, discordUrl, discordClientId, discordClientSecret, idle, maxAge,
        guildsRefresh);
  }

  private static URI requireHttp(URI url, String option) {
    if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
      throw new IllegalArgumentException(option + " must be an http:// or https:// URL, got " + url);
    }
    return url;
  }

  private static URI withoutTrailingSlash(URI url) {
    String text = url.toString();
    return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : url;
  }

  @Override
  public String toString() {
    return "DashboardSettings[publicUrl=" + publicUrl + ", discordUrl=" + discordUrl + ", discord="
        + (discordEnabled() ? "client " + discordClientId : "off") + "]";
  }
}
