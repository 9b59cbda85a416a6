package io.sparkqwenvl.spark.source;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.ui.SQLAppStatusStore;
import org.apache.spark.sql.execution.ui.SQLExecutionUIData;
import org.apache.spark.sql.execution.ui.SQLPlanMetric;
import org.apache.spark.sql.execution.ui.SparkPlanGraphNode;
import scala.jdk.javaapi.CollectionConverters;

/** Test helper: the SQL metrics (description to value) of the last query, as the UI shows. */
final class ScanMetrics {

  private ScanMetrics() {}

  static Map<String, String> ofLastExecution(SparkSession spark) throws Exception {
    spark.sparkContext().listenerBus().waitUntilEmpty();
    SQLAppStatusStore store = spark.sharedState().statusStore();
    SQLExecutionUIData last =
        CollectionConverters.asJava(store.executionsList()).stream()
            .max(Comparator.comparingLong(SQLExecutionUIData::executionId))
            .orElseThrow();
    Map<Object, String> values =
        CollectionConverters.asJava(store.executionMetrics(last.executionId()));
    Map<String, String> out = new HashMap<>();
    for (SparkPlanGraphNode node :
        CollectionConverters.asJava(store.planGraph(last.executionId()).allNodes())) {
      for (SQLPlanMetric m : CollectionConverters.asJava(node.metrics())) {
        String v = values.get(m.accumulatorId());
        if (v != null) {
          out.put(m.name(), v.trim());
        }
      }
    }
    return out;
  }
}
