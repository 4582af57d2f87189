package org.ddss.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.ddss.diffusion.NoiseSchedule;
import org.ddss.features.DigitClassifier;

/**
 * The models shipped inside the project, trained by its own code on the embedded MNIST split
 * (README, "Embedded models", has the commands): the digits UNet and the two classifiers, the
 * first of which searches optimise against while the second is held out for evaluation.
 */
public final class Embedded {
    private static final String DIR = "/org/ddss/models/";

    private Embedded() {}

    /** The embedded digits UNet2DModel (diffusers layout). */
    public static UNet2DModel model() throws IOException {
        Path dir = Files.createTempDirectory("ddss-digits");
        try {
            for (String f : new String[] {UNet2DModel.CONFIG, UNet2DModel.WEIGHTS}) {
                copy("digits/" + f, dir.resolve(f));
            }
            return UNet2DModel.load(dir);
        } finally {
            // Mapped weights stay valid once their files are unlinked.
            for (String f : new String[] {UNet2DModel.CONFIG, UNet2DModel.WEIGHTS}) {
                Files.deleteIfExists(dir.resolve(f));
            }
            Files.deleteIfExists(dir);
        }
    }

    /** The noise schedule the embedded model was trained with (its {@code scheduler_config.json}). */
    public static NoiseSchedule schedule() throws IOException {
        try (InputStream in = open("digits/" + SchedulerConfig.FILE)) {
            return SchedulerConfig.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** The classifier searches optimise against (architecture A). */
    public static DigitClassifier searchClassifier() throws IOException {
        return DigitClassifier.loadResource(DIR + "classifier_a.safetensors");
    }

    /** The classifier held out for evaluation (architecture B). */
    public static DigitClassifier heldOutClassifier() throws IOException {
        return DigitClassifier.loadResource(DIR + "classifier_b.safetensors");
    }

    private static void copy(String resource, Path to) throws IOException {
        try (InputStream in = open(resource)) {
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = Embedded.class.getResourceAsStream(DIR + resource);
        if (in == null) {
            throw new IOException("embedded resource " + DIR + resource + " is missing from the classpath");
        }
        return in;
    }
}
