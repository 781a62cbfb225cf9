package io.configsync.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The optional {@code --config FILE} (YAML, or properties for a {@code .properties} file): every
 * option of the command line under its long name without dashes ({@code http-port: 8080},
 * {@code cluster-members: [a:5701, b:5701]}). A flag given, or the option's environment variable
 * ({@code CONFIGSYNC_HTTP_PORT}) when set, overrides the file. Secrets are not options and cannot be
 * put in it.
 */
final class ConfigFile implements IDefaultValueProvider {

  private final Map<String, String> values;
  private final Function<String, String> environment;

  ConfigFile(Map<String, String> values, Function<String, String> environment) {
    this.values = Map.copyOf(values);
    this.environment = environment;
  }

  /**
   * The {@code --config} of {@code args} (or {@code CONFIGSYNC_CONFIG}), read and checked against
   * the options of {@code commandLine}; null if none is given.
   *
   * @throws IllegalArgumentException naming the file and what is wrong in it
   */
  static ConfigFile find(String[] args, CommandLine commandLine, Function<String, String> environment) {
    String file = environment.apply("CONFIGSYNC_CONFIG");
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        file = args[i + 1];
      } else if (args[i].startsWith("--config=")) {
        file = args[i].substring("--config=".length());
      }
    }
    if (file == null || file.isBlank()) {
      return null;
    }
    Map<String, String> values = read(Path.of(file));
    Set<String> known = optionKeys(commandLine.getCommandSpec());
    Set<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("--config " + file + ": unknown setting(s) " + unknown
          + "; the settings are the options of --help without their dashes (secrets such as tokens come from "
          + "the environment only)");
    }
    return new ConfigFile(values, environment);
  }

  @Override
  public String defaultValue(ArgSpec argument) {
    if (!(argument instanceof OptionSpec option)) {
      return null;
    }
    String key = key(option);
    if (key == null || environment.apply(environmentVariable(key)) != null) {
      return null; // the annotation's default reads the environment variable
    }
    return values.get(key);
  }

  /** {@code http-port} to {@code CONFIGSYNC_HTTP_PORT}, the naming every option's variable follows. */
  static String environmentVariable(String key) {
    return "CONFIGSYNC_" + key.replace('-', '_').toUpperCase(Locale.ROOT);
  }

  private static String key(OptionSpec option) {
    String name = option.longestName();
    return name.startsWith("--") ? name.substring(2) : null;
  }

  private static Set<String> optionKeys(CommandSpec command) {
    Set<String> keys = new TreeSet<>();
    for (OptionSpec option : command.options()) {
      String key = key(option);
      if (key != null && !option.usageHelp() && !option.versionHelp() && !"config".equals(key)) {
        keys.add(key);
      }
    }
    command.subcommands().values().forEach(sub -> keys.addAll(optionKeys(sub.getCommandSpec())));
    return keys;
  }

  private static Map<String, String> read(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      if (file.getFileName().toString().endsWith(".properties")) {
        Properties properties = new Properties();
        properties.load(reader);
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name.trim(), properties.getProperty(name).trim()));
        return values;
      }
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(reader);
      Map<String, String> values = new LinkedHashMap<>();
      if (root == null || root.isMissingNode() || root.isNull()) {
        return values;
      }
      if (!root.isObject()) {
        throw new IllegalArgumentException("--config " + file + " must be a map of settings (key: value)");
      }
      Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        values.put(field.getKey(), scalarOrList(file, field.getKey(), field.getValue()));
      }
      return values;
    } catch (IOException e) {
      throw new IllegalArgumentException("--config " + file + " cannot be read: " + e.getMessage());
    }
  }

  /** A list becomes the comma-separated form the options take. */
  private static String scalarOrList(Path file, String key, JsonNode value) {
    if (value.isValueNode()) {
      return value.asText();
    }
    if (value.isArray()) {
      List<String> items = new ArrayList<>();
      value.forEach(item -> items.add(item.asText()));
      return String.join(",", items);
    }
    throw new IllegalArgumentException("--config " + file + ": " + key + " must be a value or a list");
  }
}
