package io.sparkqwenvl.spark.source;

import io.sparkqwenvl.spark.QwenVlConf;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;

/**
 * What executors need to run a read, sent once per reader factory: the read options and the
 * session's {@code spark.sql.qwenvl.*} settings as captured on the driver (so executors resolve
 * exactly the driver's {@link QwenVlConf}), the prompt hash, and the Hadoop configuration as a
 * broadcast.
 */
final class ReadSpec implements Serializable {

  private static final long serialVersionUID = 1L;

  private final HashMap<String, String> options;
  private final HashMap<String, String> session;
  private final String promptHash;
  private final Broadcast<SerializableConfiguration> hadoopConf;

  ReadSpec(
      Map<String, String> options,
      Map<String, String> session,
      String promptHash,
      Broadcast<SerializableConfiguration> hadoopConf) {
    this.options = new HashMap<>(options);
    this.session = new HashMap<>(session);
    this.promptHash = promptHash;
    this.hadoopConf = hadoopConf;
  }

  QwenVlConf conf() {
    return new QwenVlConf(options, session);
  }

  String promptHash() {
    return promptHash;
  }

  org.apache.hadoop.conf.Configuration hadoopConf() {
    return hadoopConf.value().value();
  }
}
