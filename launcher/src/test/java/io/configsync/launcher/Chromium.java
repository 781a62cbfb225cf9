package io.configsync.launcher;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The system's headless Chromium (Debian's {@code chromium} and {@code chromium-driver}), driven
 * through its own chromedriver: nothing is downloaded. Finds things the way people do, by label and
 * by name. Where Chromium is missing the test is skipped with a notice, except under {@code CI=true}.
 */
final class Chromium implements AutoCloseable {

  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Duration WAIT = Duration.ofSeconds(20);

  final ChromeDriver driver;

  private Chromium(ChromeDriver driver) {
    this.driver = driver;
  }

  /** Skips the calling test (with a notice) where Chromium is missing, unless under CI. */
  static void assumeInstalled() {
    boolean installed = Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
    if (!installed && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("CI=true but " + BROWSER + " or " + DRIVER
          + " is missing: apt-get install chromium chromium-driver");
    }
    if (!installed) {
      System.err.println("NOTICE: dashboard browser tests skipped: install chromium and chromium-driver to run them");
    }
    Assumptions.assumeTrue(installed, "Chromium and chromedriver are not installed");
  }

  static Chromium start() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=1280,1000", "--no-first-run", "--disable-extensions", "--lang=en-US");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(DRIVER.toString()))
        .usingAnyFreePort()
        .build();
    return new Chromium(new ChromeDriver(service, options));
  }

  void open(String url) {
    driver.get(url);
  }

  /** The form control whose label reads {@code text}, through the label's {@code for}. */
  WebElement field(String text) {
    WebElement label = waitFor(By.xpath("//label[normalize-space(.)=" + literal(text) + "]"));
    String id = label.getAttribute("for");
    if (id == null || id.isEmpty()) {
      throw new AssertionError("the label '" + text + "' names no control (no for attribute)");
    }
    return driver.findElement(By.id(id));
  }

  /** The {@code index}-th (from 1) control labelled {@code text}, e.g. a field of the second row. */
  WebElement field(String text, int index) {
    WebElement label = waitFor(By.xpath("(//label[normalize-space(.)=" + literal(text) + "])[" + index + "]"));
    return driver.findElement(By.id(label.getAttribute("for")));
  }

  /** Waits until the {@code index}-th control labelled {@code label} holds {@code value} (forms re-render). */
  void waitForValue(String label, int index, String value) {
    new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class)
        .until(d -> value.equals(field(label, index).getDomProperty("value")));
  }

  void fill(String label, String value) {
    WebElement field = field(label);
    field.clear();
    field.sendKeys(value);
  }

  WebElement button(String name) {
    return waitFor(By.xpath("//button[normalize-space(.)=" + literal(name) + "]"));
  }

  WebElement link(String name) {
    return waitFor(By.xpath("//a[normalize-space(.)=" + literal(name) + "]"));
  }

  void click(String buttonName) {
    button(buttonName).click();
  }

  WebElement waitFor(By by) {
    try {
      return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(d -> {
        List<WebElement> found = d.findElements(by);
        return found.stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
      });
    } catch (RuntimeException e) {
      screenshot("failed-" + System.currentTimeMillis());
      throw new AssertionError("never found " + by + " on " + driver.getCurrentUrl() + "; the page shows:\n"
          + pageText() + "\nbrowser log:\n" + browserLog(), e);
    }
  }

  /** Waits until the element with {@code id} shows text containing every one of {@code parts}. */
  String waitForText(String id, String... parts) {
    try {
      return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(d -> {
        String text = d.findElement(By.id(id)).getText();
        for (String part : parts) {
          if (!text.contains(part)) {
            return null;
          }
        }
        return text;
      });
    } catch (RuntimeException e) {
      screenshot("failed-" + System.currentTimeMillis());
      throw new AssertionError("#" + id + " never showed " + List.of(parts) + "; it shows: "
          + driver.findElements(By.id(id)).stream().map(WebElement::getText).findFirst().orElse("(missing)")
          + "\nthe page shows:\n" + pageText() + "\nbrowser log:\n" + browserLog(), e);
    }
  }

  String pageText() {
    return driver.findElement(By.tagName("body")).getText();
  }

  Object script(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Runs {@code script} with a callback as its last argument (arguments[arguments.length - 1]). */
  Object asyncScript(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
  }

  void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String browserLog() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString)
        .collect(Collectors.joining("\n"));
  }

  private static String literal(String text) {
    return text.contains("'") ? "concat('" + text.replace("'", "',\"'\",'") + "')" : "'" + text + "'";
  }

  @Override
  public void close() {
    driver.quit();
  }
}
