package io.configsync.backend.modules;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Automod rules beyond the schema: every regex compiles with RE2J, the linear-time engine the bot
 * matches with (so a pattern needing backtracking features is refused here, not at the bot), and
 * rule ids are unique within a config.
 */
final class AutomodRulesCheck implements ConfigCheck {

  @Override
  public List<Violation> check(JsonObject config) {
    List<Violation> violations = new ArrayList<>();
    JsonArray rules = config.getJsonArray("rules", new JsonArray());
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < rules.size(); i++) {
      JsonObject rule = rules.getJsonObject(i);
      if (!ids.add(rule.getString("id"))) {
        violations.add(new Violation("/rules/" + i + "/id", "duplicate rule id '" + rule.getString("id") + "'"));
      }
      if ("regex".equals(rule.getString("type"))) {
        checkPattern(rule.getString("pattern"), i).ifPresent(violations::add);
      }
    }
    return violations;
  }

  private static Optional<Violation> checkPattern(String pattern, int index) {
    try {
      Pattern.compile(pattern);
      return Optional.empty();
    } catch (PatternSyntaxException e) {
      return Optional.of(new Violation("/rules/" + index + "/pattern",
          "pattern does not compile (RE2 syntax, no backreferences or lookaround): " + e.getDescription()));
    }
  }
}
