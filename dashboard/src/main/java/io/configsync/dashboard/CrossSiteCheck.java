package io.configsync.dashboard;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Refuses cross-site requests that change state with a session: the request must come from the
 * dashboard's own origin (the {@code Origin} header, which browsers send on every such request)
 * and carry the session's CSRF token in {@code X-CSRF-Token} (a synchronizer token the page reads
 * from {@code GET /dashboard/session}, which no other site can read). The session cookie is also
 * {@code SameSite=Lax}, so browsers do not even send it on a cross-site POST.
 */
final class CrossSiteCheck {

  static final String CSRF_HEADER = "X-CSRF-Token";

  private final URI publicUrl;

  CrossSiteCheck(URI publicUrl) {
    this.publicUrl = publicUrl;
  }

  static boolean changesState(HttpMethod method) {
    return !(method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS);
  }

  /** The request comes from the dashboard's own pages (the sign-in form has no token yet). */
  boolean sameOrigin(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (origin == null) {
      // Browsers without Origin on POST are long gone; Sec-Fetch-Site is the next best witness.
      return "same-origin".equals(ctx.request().getHeader("Sec-Fetch-Site"));
    }
    return origin.equalsIgnoreCase(expectedOrigin(ctx));
  }

  /** Same origin, and the session's token in the header. */
  boolean passes(RoutingContext ctx, Session session) {
    Object expected = session.get(SessionKeys.CSRF);
    String given = ctx.request().getHeader(CSRF_HEADER);
    return sameOrigin(ctx) && expected instanceof String token && given != null
        && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  private String expectedOrigin(RoutingContext ctx) {
    return publicUrl != null ? publicUrl.getScheme() + "://" + publicUrl.getRawAuthority() : requestOrigin(ctx);
  }

  /** Where Discord sends the browser back to. */
  String redirectUri(RoutingContext ctx) {
    return (publicUrl != null ? publicUrl.toString() : requestOrigin(ctx)) + DashboardRoutes.OAUTH_CALLBACK;
  }

  /** The origin the browser asked for: the Host header in HTTP/1, the :authority in HTTP/2. */
  private static String requestOrigin(RoutingContext ctx) {
    HostAndPort authority = ctx.request().authority();
    if (authority == null) {
      return ctx.request().scheme() + "://unknown";
    }
    return ctx.request().scheme() + "://" + authority.host() + (authority.port() > 0 ? ":" + authority.port() : "");
  }
}
