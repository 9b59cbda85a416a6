package io.sparkqwenvl.testing;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * An in-process S3 server (s3proxy) on 127.0.0.1 and a free port, backed by memory or by a folder,
 * with fixed test credentials. Hadoop's S3A reaches it through {@link #hadoopConf()} (or {@link
 * #sparkConf()} for a session), so S3A tests touch nothing but the loopback interface.
 *
 * <p>Hadoop caches one S3A file system per bucket and user, whatever the endpoint: use bucket names
 * unique to the test class ({@link SparkTestBase} clears the cache when its session stops).
 *
 * <pre>{@code
 * try (LocalS3 s3 = LocalS3.start()) {
 *   String root = s3.createBucket("media");          // "s3a://media"
 *   s3.put("media", "a/cat.jpg", bytes);
 *   SparkSession.builder()...config(s3.sparkConf())...
 * }
 * }</pre>
 */
public final class LocalS3 implements AutoCloseable {

  /** Access key the server accepts; fake but shaped like an AWS key so redaction tests bite. */
  public static final String ACCESS_KEY = "AKIAQWENVLTEST7EXAMPLE";

  /** Secret key the server accepts. */
  public static final String SECRET_KEY = "qWenVlS3cr3t/K7MDENG/bPxRfiCYEXAMPLEKEY42";

  private final BlobStoreContext context;
  private final S3Proxy proxy;

  private LocalS3(BlobStoreContext context, S3Proxy proxy) {
    this.context = context;
    this.proxy = proxy;
  }

  /** Starts a server that keeps objects in memory. */
  public static LocalS3 start() {
    return start(ContextBuilder.newBuilder("transient"));
  }

  /** Starts a server that keeps objects as files under {@code baseDir}. */
  public static LocalS3 start(Path baseDir) {
    Properties props = new Properties();
    props.setProperty("jclouds.filesystem.basedir", baseDir.toAbsolutePath().toString());
    return start(ContextBuilder.newBuilder("filesystem").overrides(props));
  }

  private static LocalS3 start(ContextBuilder builder) {
    BlobStoreContext context =
        builder.credentials("identity", "credential").build(BlobStoreContext.class);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(context.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    try {
      proxy.start();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("s3proxy did not start within 30 s: " + proxy.getState());
        }
        Thread.sleep(10);
      }
    } catch (Exception e) {
      context.close();
      throw new IllegalStateException("could not start s3proxy on 127.0.0.1", e);
    }
    return new LocalS3(context, proxy);
  }

  /** The port the server listens on. */
  public int port() {
    return proxy.getPort();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  /** Creates a bucket (if absent) and returns its root, {@code s3a://<bucket>}. */
  public String createBucket(String bucket) {
    blobStore().createContainerInLocation(null, bucket);
    return "s3a://" + bucket;
  }

  /** Stores an object directly in the backing store (no S3A involved). */
  public void put(String bucket, String key, byte[] content) {
    BlobStore store = blobStore();
    store.putBlob(
        bucket, store.blobBuilder(key).payload(content).contentLength(content.length).build());
  }

  /** The backing jclouds store, for listing or reading objects in assertions. */
  public BlobStore blobStore() {
    return context.getBlobStore();
  }

  /**
   * Hadoop settings that point S3A at this server ({@code fs.s3a.*}: endpoint, region us-east-1,
   * path-style access, no TLS, {@code SimpleAWSCredentialsProvider} with {@link #ACCESS_KEY} and
   * {@link #SECRET_KEY}, small retry counts so a mistake fails fast).
   */
  public Map<String, String> hadoopConf() {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("fs.s3a.endpoint", endpoint());
    conf.put("fs.s3a.endpoint.region", "us-east-1");
    conf.put("fs.s3a.path.style.access", "true");
    conf.put("fs.s3a.connection.ssl.enabled", "false");
    conf.put(
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    conf.put("fs.s3a.access.key", ACCESS_KEY);
    conf.put("fs.s3a.secret.key", SECRET_KEY);
    conf.put("fs.s3a.attempts.maximum", "2");
    conf.put("fs.s3a.retry.limit", "2");
    conf.put("fs.s3a.connection.timeout", "20s");
    return conf;
  }

  /** {@link #hadoopConf()} with each key prefixed by {@code spark.hadoop.}, for a session. */
  public Map<String, String> sparkConf() {
    Map<String, String> conf = new LinkedHashMap<>();
    hadoopConf().forEach((k, v) -> conf.put("spark.hadoop." + k, v));
    return conf;
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop s3proxy on port " + port(), e);
    } finally {
      context.close();
    }
  }
}
