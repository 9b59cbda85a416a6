package io.sparkqwenvl.udfs;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeSet;
import org.apache.spark.sql.catalyst.expressions.Expression;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/** Java-side helpers for the Scala collections of Catalyst's API. */
final class Seqs {

  private Seqs() {}

  /** An immutable Scala list of the elements. */
  static <T> Seq<T> of(List<? extends T> elements) {
    return CollectionConverters.asScala(new ArrayList<T>(elements)).toList();
  }

  /** {@code a ++ b}. */
  static <T> Seq<T> concat(Seq<? extends T> a, Seq<? extends T> b) {
    List<T> out = new ArrayList<>(CollectionConverters.asJava(a));
    out.addAll(CollectionConverters.asJava(b));
    return of(out);
  }

  /** The attributes as an AttributeSet. */
  static AttributeSet attributeSet(Seq<Attribute> attributes) {
    List<Expression> exprs = new ArrayList<>(CollectionConverters.asJava(attributes));
    return AttributeSet.apply(CollectionConverters.asScala(exprs));
  }
}
