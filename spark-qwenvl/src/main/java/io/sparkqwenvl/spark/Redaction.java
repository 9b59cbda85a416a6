package io.sparkqwenvl.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;

/**
 * Removes credentials from text before it reaches logs, error columns, provenance or the Spark UI:
 * {@code user:password@} in URIs, the query parameters of signed URLs ({@code X-Amz-Signature},
 * {@code X-Amz-Credential}, {@code X-Amz-Security-Token}, {@code sig=}, {@code token=}, …), AWS
 * access key ids, and the literal values of secrets found in a Hadoop configuration ({@link
 * #registerSecrets}). Paths in messages are written with {@link #path}.
 *
 * <pre>{@code
 * Redaction.registerSecrets(hadoopConf);
 * log.warn("cannot read {}", Redaction.path(uri));
 * }</pre>
 */
public final class Redaction {

  /** What replaces a removed value. */
  public static final String MASK = "*********(redacted)";

  /**
   * Default for Spark's {@code spark.redaction.regex} (config keys whose values the UI and event
   * log hide): Spark's own default plus S3A/ABFS/GCS credential keys.
   */
  public static final String SPARK_REDACTION_REGEX =
      "(?i)secret|password|token|access[.]?key|credential|signature|sas|private[.]?key";

  /**
   * Default for Spark's {@code spark.redaction.string.regex} (text in plans and the UI): URI user
   * info, signed-URL parameters and AWS key ids.
   */
  public static final String SPARK_STRING_REDACTION_REGEX =
      "(?i)(?<=://)[^/\\s:@]+:[^/\\s@]+(?=@)"
          + "|(?i)(?<=[?&](x-amz-signature|x-amz-credential|x-amz-security-token|sig|signature"
          + "|token|awsaccesskeyid|sv|se|sp)=)[^&\\s\"']+"
          + "|\\b(AKIA|ASIA)[A-Z0-9]{16}\\b";

  private static final Pattern USER_INFO =
      Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)([^/\\s@?#]+)@");
  private static final Pattern SIGNED_PARAM =
      Pattern.compile(
          "(?i)([?&;](?:x-amz-[a-z-]+|sig|signature|token|access_token|sas|awsaccesskeyid"
              + "|credential|security-token|key|sv|se|sp|st|spr|sr|skoid|sktid|ske|sks|skv"
              + "|googleaccessid|x-goog-[a-z-]+)=)[^&#\\s\"']*");
  private static final Pattern AWS_KEY_ID = Pattern.compile("\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b");
  private static final Pattern SECRET_CONF_KEY =
      Pattern.compile("(?i)^fs\\..*(secret|password|token|access[.]key|account[.]key|sas).*");
  private static final Pattern NOT_SECRET_VALUE =
      Pattern.compile("(?i)[0-9.smhd]+|true|false|none|simple|org[.][a-z0-9.$]+");

  /** Literal secret values to hide (longest first when replacing), from registered configs. */
  private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

  private Redaction() {}

  /**
   * Remembers the values of every credential-like file-system key of {@code conf}
   * (fs.s3a.secret.key, fs.s3a.access.key, fs.s3a.session.token, per-bucket variants, ABFS account
   * keys and SAS tokens, …) so that {@link #redact} hides them wherever they appear. Idempotent;
   * values shorter than 6 characters are ignored.
   */
  public static void registerSecrets(Configuration conf) {
    if (conf == null) {
      return;
    }
    for (Map.Entry<String, String> e : conf) {
      String key = e.getKey();
      if (SECRET_CONF_KEY.matcher(key).matches() && !key.contains("provider")) {
        String value = conf.get(key);
        if (value != null && !NOT_SECRET_VALUE.matcher(value.trim()).matches()) {
          registerSecret(value);
        }
      }
    }
  }

  /** Remembers one secret value (ignored when null or shorter than 6 characters). */
  public static void registerSecret(String value) {
    if (value != null && value.trim().length() >= 6) {
      SECRETS.add(value.trim());
    }
  }

  /** {@code text} with every credential replaced by {@link #MASK}; null stays null. */
  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String s = text;
    if (!SECRETS.isEmpty()) {
      List<String> secrets = new ArrayList<>(SECRETS);
      secrets.sort(Comparator.comparingInt(String::length).reversed());
      for (String secret : secrets) {
        s = s.replace(secret, MASK);
      }
    }
    s = USER_INFO.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + "@"));
    s = SIGNED_PARAM.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
    return AWS_KEY_ID.matcher(s).replaceAll(MASK);
  }

  /**
   * A path or URI safe to show: user info removed (not masked) and any query string dropped, then
   * {@link #redact} applied.
   */
  public static String path(String uri) {
    if (uri == null) {
      return null;
    }
    String s = USER_INFO.matcher(uri).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
    int q = s.indexOf('?');
    if (q >= 0 && s.contains("://")) {
      s = s.substring(0, q);
    }
    return redact(s);
  }

  /** The message of {@code t} and its causes, redacted, as "Type: message; caused by …". */
  public static String describe(Throwable t) {
    StringBuilder sb = new StringBuilder();
    Throwable c = t;
    for (int depth = 0; c != null && depth < 5; depth++, c = c.getCause()) {
      if (depth > 0) {
        sb.append("; caused by ");
      }
      sb.append(c.getClass().getSimpleName());
      if (c.getMessage() != null) {
        sb.append(": ").append(c.getMessage());
      }
    }
    return redact(sb.toString());
  }

  /**
   * Spark settings to add when building a session so the UI, event log, plans and explained data
   * source options hide secrets: {@code spark.redaction.regex}, {@code
   * spark.redaction.string.regex}, {@code spark.sql.redaction.options.regex} and {@code
   * spark.sql.redaction.string.regex}.
   */
  public static Map<String, String> sparkConfDefaults() {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.redaction.regex", SPARK_REDACTION_REGEX);
    conf.put("spark.redaction.string.regex", SPARK_STRING_REDACTION_REGEX);
    conf.put("spark.sql.redaction.options.regex", "(?i)url|" + SPARK_REDACTION_REGEX.substring(4));
    conf.put("spark.sql.redaction.string.regex", SPARK_STRING_REDACTION_REGEX);
    return conf;
  }
}
