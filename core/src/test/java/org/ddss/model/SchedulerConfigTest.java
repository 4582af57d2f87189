package org.ddss.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ddss.diffusion.NoiseSchedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulerConfigTest {
    /** google/ddpm-cifar10-32's scheduler_config.json, as its model page publishes it. */
    static final String CIFAR = """
            {"_class_name":"DDPMScheduler","_diffusers_version":"0.1.0","beta_end":0.02,"beta_schedule":"linear",\
            "beta_start":0.0001,"clip_sample":true,"num_train_timesteps":1000,"trained_betas":null,"variance_type":"fixed_large"}""";

    @Test
    void readsDiffusersConfigsWithTheirDefaults() {
        assertEquals(NoiseSchedule.ddpm(), SchedulerConfig.parse(CIFAR));
        assertEquals(NoiseSchedule.ddpm(), SchedulerConfig.parse("{}"), "diffusers' defaults are DDPM's");
        assertEquals(NoiseSchedule.cosine(1000), SchedulerConfig.parse("{\"beta_schedule\": \"squaredcos_cap_v2\"}"));
        assertEquals(NoiseSchedule.linear(500, 1e-4, 0.04),
                SchedulerConfig.parse("{\"num_train_timesteps\": 500, \"beta_end\": 0.04}"));
        assertEquals(NoiseSchedule.linear(500, 1e-4, 0.02), SchedulerConfig.parse("{\"_class_name\": \"GaussianDDPMScheduler\", \"timesteps\": 500}"));
        assertEquals(NoiseSchedule.cosine(1000), SchedulerConfig.parse(
                "{\"_class_name\": \"DDIMScheduler\", \"beta_schedule\": \"squaredcos_cap_v2\", \"predict_epsilon\": true}"));
        assertNotEquals(NoiseSchedule.ddpm(), SchedulerConfig.parse("{\"beta_start\": 0.00085}"));
    }

    @Test
    void writtenConfigsReadBackAsTheSameSchedule() {
        for (NoiseSchedule s : new NoiseSchedule[] {NoiseSchedule.ddpm(), NoiseSchedule.cosine(500), NoiseSchedule.linear(200, 1e-3, 0.05)}) {
            String json = SchedulerConfig.toJson(s);
            assertEquals(s, SchedulerConfig.parse(json), json);
        }
        assertTrue(SchedulerConfig.toJson(NoiseSchedule.ddpm()).contains("\"beta_start\":0.0001"));
    }

    @Test
    void whatTheSamplersCannotUseIsRejectedByName() {
        for (String[] c : new String[][] {
                {"{\"prediction_type\": \"v_prediction\"}", "prediction_type = v_prediction"},
                {"{\"beta_schedule\": \"scaled_linear\"}", "beta_schedule = scaled_linear"},
                {"{\"trained_betas\": [0.1, 0.2]}", "trained_betas"},
                {"{\"num_train_timesteps\": 1000000000}", "num_train_timesteps = 1000000000 must be in [2, 100000]"},
                {"{\"_class_name\": \"ScoreSdeVeScheduler\"}", "_class_name = ScoreSdeVeScheduler"},
                {"{\"predict_epsilon\": false}", "predict_epsilon = false"},
                {"{\"rescale_betas_zero_snr\": true}", "rescale_betas_zero_snr"},
                {"{\"variance_type\": \"learned_range\"}", "variance_type = learned_range"},
                {"{\"num_train_timesteps\": 0}", "num_train_timesteps = 0 must be in [2, 100000]"},
                {"{\"num_train_timesteps\": 10.5}", "num_train_timesteps"},
                {"[1]", "not a JSON object"},
                {"{\"beta_start\": ", "not valid JSON"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SchedulerConfig.parse(c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
    }

    @Test
    void aModelFolderOrAPipelinesUnetFolderFindsItsConfig(@TempDir Path dir) throws IOException {
        Path plain = Files.createDirectories(dir.resolve("plain"));
        assertNull(SchedulerConfig.locate(plain));
        assertEquals(NoiseSchedule.ddpm(), SchedulerConfig.ofModel(plain));

        Path own = Files.createDirectories(dir.resolve("own"));
        SchedulerConfig.write(NoiseSchedule.cosine(1000), own);
        assertEquals(NoiseSchedule.cosine(1000), SchedulerConfig.ofModel(own));

        Path unet = Files.createDirectories(dir.resolve("pipeline/unet"));
        Files.createDirectories(dir.resolve("pipeline/scheduler"));
        Files.writeString(dir.resolve("pipeline/scheduler").resolve(SchedulerConfig.FILE), "{\"beta_schedule\": \"squaredcos_cap_v2\"}");
        assertNull(SchedulerConfig.locate(unet), "a scheduler/ sibling counts only in a pipeline");
        Files.writeString(dir.resolve("pipeline/model_index.json"), "{}");
        assertEquals(NoiseSchedule.cosine(1000), SchedulerConfig.ofModel(unet));

        Files.writeString(own.resolve(SchedulerConfig.FILE), "{\"prediction_type\": \"sample\"}");
        IOException e = assertThrows(IOException.class, () -> SchedulerConfig.ofModel(own));
        assertTrue(e.getMessage().startsWith(own.resolve(SchedulerConfig.FILE).toString()), e.getMessage());
    }

    @Test
    void theEmbeddedModelWasTrainedOnTheDdpmSchedule() throws IOException {
        assertEquals(NoiseSchedule.ddpm(), Embedded.schedule());
    }
}
