package io.sparkqwenvl.spark;

import java.util.Map;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * Spark plugin that releases the models of {@link ExecutorModelCache} when an executor (or, in
 * local mode, the driver) stops. Enable with {@code
 * spark.plugins=io.sparkqwenvl.spark.QwenVlPlugin}.
 */
public final class QwenVlPlugin implements SparkPlugin {

  @Override
  public DriverPlugin driverPlugin() {
    // Local mode runs tasks in the driver JVM: close the models there as well.
    return new DriverPlugin() {
      @Override
      public void shutdown() {
        ExecutorModelCache.closeAll();
      }
    };
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new ExecutorPlugin() {
      @Override
      public void init(PluginContext ctx, Map<String, String> extraConf) {
        io.sparkqwenvl.runtime.DjlDefaults.apply();
      }

      @Override
      public void shutdown() {
        ExecutorModelCache.closeAll();
      }
    };
  }
}
