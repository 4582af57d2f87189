package org.ddss;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.ddss.diffusion.NoiseSchedule;
import org.ddss.io.Json;
import org.ddss.model.Embedded;
import org.ddss.model.Presets;
import org.ddss.model.SchedulerConfig;
import org.ddss.model.UNet2DModel;
import org.ddss.model.UNetConfig;
import org.ddss.search.Conversion;
import org.ddss.search.Family;
import org.ddss.search.LearnedSampler;
import org.ddss.search.SearchSpace;
import org.junit.jupiter.api.Test;

/**
 * Every field of a model config, a scheduler config and a sampler file set, one at a time, to
 * hostile values (zero, negative, fractional, huge, beyond double, wrong types): each file is
 * either refused with an IllegalArgumentException (the sentence the CLI prints) or accepted with
 * every derived number finite, within a few seconds, and never with another exception.
 */
class HostileInputTest {
    static final List<String> VALUES = List.of("0", "-1", "-8", "0.5", "1.5", "3e38", "1e30", "1e300", "1e400", "-1e400",
            "-1e300", "2147483648", "4294967297", "9223372036854775808", "\"x\"", "null", "true", "[]", "{}", "[1e400]");

    @Test
    void modelConfigs() throws Exception {
        int accepted = mutate(Presets.DDPM_CIFAR10_32, text -> {
            UNetConfig c = UNetConfig.parse(text);
            double flops = UNet2DModel.flopsPerImage(c, Math.max(c.sampleSize(), 1), Math.max(c.sampleWidth(), 1));
            long params = 0;
            for (UNet2DModel.ParamSpec s : UNet2DModel.specs(c)) {
                long n = 1;
                for (int d : s.torchShape()) {
                    n = Math.multiplyExact(n, d);
                }
                params = Math.addExact(params, n);
            }
            assertTrue(Double.isFinite(flops) && params > 0, text);
            assertTrue(c.normEps() > 0 && c.normEps() < 1, text);
        });
        assertTrue(accepted > 0, "some mutations are valid configs");
    }

    @Test
    void schedulerConfigs() throws Exception {
        String cifar = "{\"_class_name\":\"DDPMScheduler\",\"beta_end\":0.02,\"beta_schedule\":\"linear\",\"beta_start\":0.0001,"
                + "\"clip_sample\":true,\"num_train_timesteps\":1000,\"variance_type\":\"fixed_large\"}";
        mutate(cifar, text -> {
            NoiseSchedule s = SchedulerConfig.parse(text);
            for (double t = 0; t <= s.tMax(); t += s.tMax() / 64) {
                assertTrue(Double.isFinite(s.alpha(t)) && Double.isFinite(s.sigma(t)) && s.sigma(t) >= 0, text + " at t=" + t);
            }
        });
    }

    @Test
    void samplerFiles() throws Exception {
        NoiseSchedule schedule = Embedded.schedule();
        SearchSpace space = new SearchSpace(Family.parse("ggdm+pred"), 3, true, Conversion.parse("marginals"), schedule);
        String card = new LearnedSampler(space, space.initial(), true, "sha256:0", Map.of()).toJson();
        Consumer<String> check = text -> {
            LearnedSampler l;
            try {
                l = LearnedSampler.parse(text);
            } catch (Json.ParseException e) {
                throw new IllegalArgumentException(e);
            }
            for (double v : l.parameters()) {
                assertTrue(Math.abs(v) <= LearnedSampler.MAX_PARAMETER, text);
            }
        };
        mutate(card, check);
        // Each parameter in turn, too: the values the search reads back.
        Map<String, Object> doc = object(card);
        List<?> theta = (List<?>) doc.get("parameters");
        for (int i = 0; i < theta.size(); i++) {
            for (String v : VALUES) {
                List<Object> changed = new java.util.ArrayList<>(theta);
                changed.set(i, "@@");
                Map<String, Object> d = new LinkedHashMap<>(doc);
                d.put("parameters", changed);
                attempt(Json.write(d).replace("\"@@\"", v), check);
            }
        }
    }

    /** Sets each top-level field of {@code template} to each hostile value; returns how many were accepted. */
    private static int mutate(String template, Consumer<String> check) throws Exception {
        Map<String, Object> doc = object(template);
        int accepted = 0;
        for (String key : doc.keySet()) {
            for (String v : VALUES) {
                Map<String, Object> d = new LinkedHashMap<>(doc);
                d.put(key, "@@");
                accepted += attempt(Json.write(d).replace("\"@@\"", v), check) ? 1 : 0;
            }
            // A list field also gets a hostile element.
            if (doc.get(key) instanceof List<?> l && !l.isEmpty()) {
                for (String v : VALUES) {
                    List<Object> changed = new java.util.ArrayList<>(l);
                    changed.set(0, "@@");
                    Map<String, Object> d = new LinkedHashMap<>(doc);
                    d.put(key, changed);
                    accepted += attempt(Json.write(d).replace("\"@@\"", v), check) ? 1 : 0;
                }
            }
        }
        return accepted;
    }

    private static boolean attempt(String text, Consumer<String> check) {
        return assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try {
                check.accept(text);
                return true;
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank() && !e.getMessage().contains("java."),
                        "a sentence, not Java internals: " + e.getMessage());
                return false;
            } catch (RuntimeException e) {
                fail(text + " raised " + e, e);
                return false;
            }
        }, text);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String json) throws Json.ParseException {
        return new LinkedHashMap<>((Map<String, Object>) Json.parse(json));
    }
}
