package org.ddss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.ddss.model.Embedded;
import org.ddss.model.UNet2DModel;
import org.ddss.search.Conversion;
import org.ddss.search.Family;
import org.ddss.search.LearnedSampler;
import org.ddss.search.SearchSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's embedding examples compile against the project, and the first runs. */
class ReadmeExampleTest {

    @Test
    void embeddingExampleCompilesAndWritesAGrid(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher section = Pattern.compile("(?s)## Embedding in a JVM service(.*?)\n## ").matcher(readme);
        assertTrue(section.find(), "README has no section '## Embedding in a JVM service'");
        Matcher block = Pattern.compile("(?s)```java\n(.*?)```").matcher(section.group(1));
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        String first = null;
        int blocks = 0;
        while (block.find()) {
            String code = block.group(1);
            Matcher cls = Pattern.compile("public class (\\w+)").matcher(code);
            assertTrue(cls.find(), "an example declares no public class");
            first = first == null ? cls.group(1) : first;
            Path src = dir.resolve("src").resolve(cls.group(1) + ".java");
            Files.createDirectories(src.getParent());
            Files.writeString(src, code);
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                    src.toString());
            assertEquals(0, rc, "the README example " + cls.group(1) + " does not compile");
            blocks++;
        }
        assertEquals(2, blocks, "the section's Java blocks");
        String main = first;

        Path sampler = dir.resolve("sampler.json"), png = dir.resolve("grid.png");
        try (UNet2DModel model = Embedded.model()) {
            SearchSpace space = new SearchSpace(Family.GGDM_PRED, 4, true, Conversion.MARGINALS, Embedded.schedule());
            new LearnedSampler(space, space.initial(), true, model.fingerprint(), Map.of()).save(sampler);
        }
        try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            loader.loadClass(main).getMethod("main", String[].class)
                    .invoke(null, (Object) new String[] {sampler.toString(), png.toString()});
        }
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
        assertEquals(28, img.getWidth());
        assertEquals(28, img.getHeight());
    }
}
