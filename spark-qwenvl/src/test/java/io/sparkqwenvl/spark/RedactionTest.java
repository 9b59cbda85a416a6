package io.sparkqwenvl.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactionTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "user info|s3a://AKIDUSER:pa55w0rd@bucket/a.jpg|pa55w0rd",
        "presigned|https://b/a.jpg?X-Amz-Credential=AKID%2F2026&X-Amz-Signature=beefcafe|beefcafe",
        "presigned credential|https://b/a.jpg?X-Amz-Credential=AKIDSCOPE&x=1|AKIDSCOPE",
        "session token|https://h/a.jpg?X-Amz-Security-Token=FwoGZXIvYXdzTOKEN|FwoGZXIvYXdzTOKEN",
        "azure sas|https://acct.blob.core.windows.net/c/a.jpg?sv=2022&sig=abc%2Bd123|abc%2Bd123",
        "token param|http://host/img.png?token=tok_ABCDEF123456|tok_ABCDEF123456",
        "aws key id|failed for AKIAIOSFODNN7EXAMPLE on read|AKIAIOSFODNN7EXAMPLE",
      })
  void removesCredentials(String name, String input, String secret) {
    String out = Redaction.redact(input);
    assertThat(out).doesNotContain(secret).contains(Redaction.MASK);
  }

  @Test
  void keepsPlainTextAndPaths() {
    assertThat(Redaction.redact("s3a://bucket/dir/cat.jpg: undecodable"))
        .isEqualTo("s3a://bucket/dir/cat.jpg: undecodable");
    assertThat(Redaction.redact(null)).isNull();
  }

  @Test
  void pathDropsUserInfoAndQuery() {
    assertThat(Redaction.path("s3a://KEY:SECRET@bucket/a/b.jpg")).isEqualTo("s3a://bucket/a/b.jpg");
    assertThat(Redaction.path("https://h/a.jpg?X-Amz-Signature=abc&X-Amz-Date=1"))
        .isEqualTo("https://h/a.jpg");
    assertThat(Redaction.path("/local/dir/x.png")).isEqualTo("/local/dir/x.png");
  }

  @Test
  void registeredHadoopSecretsAreHiddenEverywhere() {
    Configuration conf = new Configuration(false);
    conf.set("fs.s3a.secret.key", "SuperSecretValue/123+abc");
    conf.set("fs.s3a.bucket.photos.session.token", "SessionTokenValue987654");
    conf.set("fs.s3a.connection.timeout", "200000");
    conf.set(
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    Redaction.registerSecrets(conf);
    String out =
        Redaction.describe(
            new IllegalStateException(
                "wrapper",
                new RuntimeException(
                    "auth with SuperSecretValue/123+abc and SessionTokenValue987654"
                        + " after 200000 ms")));
    assertThat(out)
        .doesNotContain("SuperSecretValue", "SessionTokenValue987654")
        .contains("IllegalStateException: wrapper; caused by RuntimeException", "200000 ms");
    assertThat(Redaction.redact("org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider"))
        .isEqualTo("org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
  }

  @Test
  void sparkRedactionRegexesCompileAndMatch() {
    Pattern keys = Pattern.compile(Redaction.SPARK_REDACTION_REGEX);
    assertThat(keys.matcher("spark.hadoop.fs.s3a.secret.key").find()).isTrue();
    assertThat(keys.matcher("spark.hadoop.fs.s3a.access.key").find()).isTrue();
    assertThat(keys.matcher("spark.sql.shuffle.partitions").find()).isFalse();
    Pattern strings = Pattern.compile(Redaction.SPARK_STRING_REDACTION_REGEX);
    String plan =
        "Scan qwenvl s3a://K:S3CRET@b/x.jpg?X-Amz-Signature=ffee0011 AKIAIOSFODNN7EXAMPLE";
    String redacted = strings.matcher(plan).replaceAll("***");
    assertThat(redacted).doesNotContain("S3CRET", "ffee0011", "AKIAIOSFODNN7EXAMPLE");
    assertThat(Redaction.sparkConfDefaults())
        .containsKeys(
            "spark.redaction.regex",
            "spark.redaction.string.regex",
            "spark.sql.redaction.string.regex");
    Pattern options =
        Pattern.compile(Redaction.sparkConfDefaults().get("spark.sql.redaction.options.regex"));
    assertThat(options.matcher("fs.s3a.secret.key").find()).isTrue();
    assertThat(options.matcher("jdbc url").find()).isTrue();
    assertThat(options.matcher("max-pixels").find()).isFalse();
  }
}
