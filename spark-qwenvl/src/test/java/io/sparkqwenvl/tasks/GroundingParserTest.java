package io.sparkqwenvl.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class GroundingParserTest {

  @Test
  void fencedJsonWithTrailingProse() {
    String text =
        "```json\n[\n\t{\"bbox_2d\": [139, 768, 315, 954], \"label\": \"small cake\"},\n"
            + "\t{\"bbox_2d\": [1, 2, 3, 4], \"label\": \"plate\"}\n]\n```\nThere are 2 items.";
    List<RawBox> boxes = GroundingParser.parse(text);
    assertThat(boxes).extracting(RawBox::label).containsExactly("small cake", "plate");
    assertThat(boxes.get(0).x1()).isEqualTo(139);
    assertThat(boxes.get(0).y2()).isEqualTo(954);
  }

  @Test
  void truncatedLastElementIsDroppedAndCompleteOnesKept() {
    String text =
        "[{\"bbox_2d\": [10, 20, 30, 40], \"label\": \"a {b}\"}, "
            + "{\"bbox_2d\": [5, 6, 7, 8], \"label\": \"c\"}, {\"bbox_2d\": [1, 2";
    assertThat(GroundingParser.parse(text)).extracting(RawBox::label).containsExactly("a {b}", "c");
  }

  @Test
  void pointsTextSpottingAndUnfenced() {
    String text =
        "[{\"point_2d\": [50, 60], \"label\": \"rolling pin\"},"
            + " {\"bbox_2d\": [1, 1, 9, 9], \"text_content\": \"TOTAL 12.50\"}]";
    List<RawBox> boxes = GroundingParser.parse(text);
    assertThat(boxes.get(0).point()).isTrue();
    assertThat(boxes.get(0).x2()).isEqualTo(50);
    assertThat(boxes.get(1).label()).isEqualTo("TOTAL 12.50");
  }

  @Test
  void xmlPointsAndPlainText() {
    List<RawBox> pts =
        GroundingParser.parse(
            "<points x1=\"10\" y1=\"20\" x2=\"30.5\" y2=\"40\" alt=\"cakes\">cakes</points>");
    assertThat(pts).hasSize(2);
    assertThat(pts.get(1).x1()).isEqualTo(30.5);
    assertThat(pts.get(1).label()).isEqualTo("cakes");
    List<RawBox> plain = GroundingParser.parse("12,34,56,78 red car\n1,2,3,4 dog");
    assertThat(plain).extracting(RawBox::label).containsExactly("red car", "dog");
    assertThat(plain.get(0).y2()).isEqualTo(78);
  }

  @Test
  void qwenVlHtmlDataBbox() {
    String html =
        "<html><body><h1 data-bbox=\"10 20 300 60\">Invoice</h1>"
            + "<p data-bbox=\"10 80 500 120\">Total: <b>12.50</b></p>"
            + "<img data-bbox=\"5 5 50 50\"/></body></html>";
    List<RawBox> boxes = GroundingParser.parseHtml(html);
    assertThat(boxes).extracting(RawBox::label).containsExactly("Invoice", "Total: 12.50", "img");
    assertThat(boxes.get(1).x2()).isEqualTo(500);
  }

  @Test
  void garbageYieldsNoBoxes() {
    assertThat(GroundingParser.parse("I cannot see any cat. {not json}")).isEmpty();
    assertThat(GroundingParser.parse(null)).isEmpty();
  }

  @Test
  void boxMapperScalesClipsAndNormalizes() {
    // EXIF-rotated original: stored 4000x3000 landscape, displayed 3000x4000 portrait; the
    // preprocessor reports the oriented size and resized the oriented image to 812x1092.
    BoxMapper m = new BoxMapper(3000, 4000, 812, 1092, null);
    Box b = m.map(new RawBox("x", 406, 546, 900, -10, false, null, null));
    assertThat(b.x1()).isCloseTo(1500, within(1e-9));
    assertThat(b.x2()).isEqualTo(3000); // clipped
    assertThat(b.y1()).isEqualTo(0); // corners reordered, clipped
    assertThat(b.y2()).isCloseTo(2000, within(1e-9));
    assertThat(b.nx1()).isCloseTo(0.5, within(1e-12));
    assertThat(b.ny2()).isCloseTo(0.5, within(1e-12));
    assertThat(b.timestampSeconds()).isNull();
  }

  @Test
  void boxMapperVideoTimestamps() {
    BoxMapper m = new BoxMapper(640, 480, 644, 476, new double[] {0.0, 0.5, 1.0, 1.5});
    assertThat(m.map(new RawBox("a", 0, 0, 1, 1, false, 2, null)).timestampSeconds())
        .isEqualTo(1.0);
    assertThat(m.map(new RawBox("a", 0, 0, 1, 1, false, null, 9.0)).timestampSeconds())
        .isEqualTo(1.5);
    assertThat(m.map(new RawBox("a", 0, 0, 1, 1, false, null, null)).timestampSeconds()).isNull();
  }
}
