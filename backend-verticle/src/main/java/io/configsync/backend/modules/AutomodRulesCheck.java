package io.configsync.backend.modules;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.configsync.codecs.ModuleLimits;
import io.configsync.codecs.RegexLimits;
import io.configsync.codecs.modules.Automod;
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
 * rule ids are unique within a config. A pattern is measured before it is compiled
 * ({@link RegexLimits}): one that would compile into a huge program is refused uncompiled.
 */
final class AutomodRulesCheck implements ConfigCheck {

  @Override
  public List<Violation> check(JsonObject config) {
    List<Violation> violations = new ArrayList<>();
    JsonArray rules = config.getJsonArray("rules", new JsonArray());
    Set<String> ids = new HashSet<>();
    long programSize = 0;
    for (int i = 0; i < rules.size(); i++) {
      JsonObject rule = rules.getJsonObject(i);
      String id = rule.getString("id");
      if (!ids.add(id)) {
        violations.add(new Violation("/rules/" + i + "/id", "duplicate rule id '" + id + "'"));
      }
      if (ModuleLimits.textLength(id) > Automod.RULE_ID_MAX_LENGTH) {
        violations.add(new Violation("/rules/" + i + "/id", "the rule id is " + ModuleLimits.textLength(id)
            + " UTF-16 units long (an emoji counts two); at most " + Automod.RULE_ID_MAX_LENGTH
            + " are allowed"));
      }
      checkWords(rule, i, violations);
      if ("regex".equals(rule.getString("type"))) {
        String pattern = rule.getString("pattern");
        Optional<String> overLimit = RegexLimits.check(pattern);
        if (overLimit.isPresent()) {
          violations.add(new Violation("/rules/" + i + "/pattern", overLimit.get()));
          continue;
        }
        programSize += RegexLimits.programSize(pattern);
        if (programSize > RegexLimits.MAX_CONFIG_PROGRAM_SIZE) {
          violations.add(new Violation("/rules/" + i + "/pattern", "the patterns up to this one would compile to about "
              + programSize + " instructions together; at most " + RegexLimits.MAX_CONFIG_PROGRAM_SIZE
              + " are allowed in one config"));
          break;
        }
        checkPattern(pattern, i).ifPresent(violations::add);
      }
    }
    return violations;
  }

  @Override
  public boolean compilesPatterns(JsonObject config) {
    if (!(config.getValue("rules") instanceof JsonArray rules)) {
      return false;
    }
    for (Object rule : rules) {
      if (rule instanceof JsonObject object && "regex".equals(object.getValue("type"))) {
        return true;
      }
    }
    return false;
  }

  /** The schema's "\\S" is the bot's rule too: a word with something besides ASCII white space. */
  private static void checkWords(JsonObject rule, int index, List<Violation> violations) {
    if (!(rule.getValue("words") instanceof JsonArray words)) {
      return;
    }
    for (int w = 0; w < words.size(); w++) {
      if (words.getValue(w) instanceof String word && !ModuleLimits.hasVisibleCharacter(word)) {
        violations.add(new Violation("/rules/" + index + "/words/" + w, "a banned word must not be blank"));
      }
    }
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
