package io.playerservice;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The main code keeps to the layering drawn in {@code src/site/markdown/design.md}: a package uses
 * only packages drawn below its own, and packages drawn on one line do not use each other. Every
 * main package is in the drawing, and everything in the drawing is a package.
 */
class ArchitectureTest {
  private static final Path DESIGN = Path.of("src/site/markdown/design.md");
  private static final Path MAIN = Path.of("src/main/java/io/playerservice");
  /** A use of one of the service's types: an import, or a qualified name in the code. */
  private static final Pattern USE = Pattern.compile("\\bio\\.playerservice((?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]");

  @Test
  void everyPackageUsesOnlyPackagesDrawnBelowIt() throws IOException {
    Map<String, Integer> layers = drawnLayers();
    Map<String, String> sources = mainSources();

    TreeSet<String> packages = new TreeSet<>(sources.values());
    assertEquals(new TreeSet<>(layers.keySet()), packages,
        DESIGN + " draws exactly the main packages (root is io.playerservice itself)");

    List<String> upward = new ArrayList<>();
    for (Map.Entry<String, String> source : sources.entrySet()) {
      String from = source.getValue();
      Matcher use = USE.matcher(Files.readString(Path.of(source.getKey())));
      while (use.find()) {
        String to = use.group(1).isEmpty() ? "root" : use.group(1).substring(1);
        if (!to.equals(from) && layers.containsKey(to) && layers.get(to) <= layers.get(from)) {
          upward.add(source.getKey() + " (" + from + ") uses " + to);
        }
      }
    }
    assertEquals(List.of(), upward.stream().distinct().toList(),
        "uses of a package drawn on the same line or above, against " + DESIGN);
  }

  /** Each package of the {@code layers} block with its line, 0 at the top. */
  private static Map<String, Integer> drawnLayers() throws IOException {
    String design = Files.readString(DESIGN);
    Matcher block = Pattern.compile("```layers\\n(.*?)```", Pattern.DOTALL).matcher(design);
    assertTrue(block.find(), DESIGN + " has a ```layers block");
    Map<String, Integer> layers = new LinkedHashMap<>();
    String[] lines = block.group(1).split("\\n");
    for (int line = 0; line < lines.length; line++) {
      String names = lines[line].split(" {2,}")[0].trim();
      for (String name : names.split(" ")) {
        layers.put(name, line);
      }
    }
    return layers;
  }

  /** Every main source file with its package, relative to io.playerservice ("root" for itself). */
  private static Map<String, String> mainSources() throws IOException {
    Map<String, String> sources = new LinkedHashMap<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(f -> {
        Path dir = MAIN.relativize(f.getParent());
        sources.put(f.toString(), dir.toString().isEmpty() ? "root" : dir.toString().replace('/', '.'));
      });
    }
    return sources;
  }
}
