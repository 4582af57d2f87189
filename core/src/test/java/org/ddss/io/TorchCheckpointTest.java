package org.ddss.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.ddss.autodiff.Tape;
import org.ddss.backend.JavaBackend;
import org.ddss.model.UNet2DModel;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PyTorch checkpoints against the values PyTorch itself wrote beside them (fixtures from
 * {@code core/src/test/python/torch_checkpoints.py}), and hostile or damaged files.
 */
class TorchCheckpointTest {
    static Path fixture(String name) throws Exception {
        return Path.of(TorchCheckpointTest.class.getResource("/fixtures/torch/" + name).toURI());
    }

    static final List<String> FLOAT_NAMES = List.of("conv.weight", "half", "bf16", "double", "transposed", "view.a", "view.b",
            "scalar", "param");

    @Test
    void zipAndLegacyFilesGiveTheValuesPyTorchWrote() throws Exception {
        try (SafeTensors expected = SafeTensors.open(fixture("expected.safetensors"))) {
            for (String file : List.of("state_zip.pth", "state_legacy.pth")) {
                try (TorchCheckpoint c = TorchCheckpoint.open(fixture(file))) {
                    assertEquals(FLOAT_NAMES, c.names(), file);
                    assertEquals(Map.of("bn.num_batches_tracked", "int64"), c.skipped(), file);
                    for (String n : FLOAT_NAMES) {
                        Tensor want = expected.tensor(n), got = c.tensor(n);
                        assertArrayEquals(want.shape(), got.shape(), file + " " + n);
                        assertArrayEquals(want.toArray(), got.toArray(), file + " " + n);
                    }
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.tensor("bn.num_batches_tracked"));
                    assertTrue(e.getMessage().contains("int64"), e.getMessage());
                }
            }
        }
    }

    @Test
    void nestedCheckpointsNameTensorsByTheirPath() throws Exception {
        try (TorchCheckpoint c = TorchCheckpoint.open(fixture("nested.ckpt"));
             SafeTensors expected = SafeTensors.open(fixture("expected.safetensors"))) {
            assertEquals(List.of("state_dict.conv.weight", "state_dict.half"), c.names());
            assertArrayEquals(expected.tensor("half").toArray(), c.tensor("state_dict.half").toArray());
        }
    }

    /** A diffusers folder with only diffusion_pytorch_model.bin loads as its safetensors twin does. */
    @Test
    void aModelFolderWithOnlyABinFileLoads() throws Exception {
        Path bin = fixture("attn16-bin/config.json").getParent();
        Path safetensors = Path.of(getClass().getResource("/fixtures/unet/attn16/config.json").toURI()).getParent();
        try (UNet2DModel a = UNet2DModel.load(bin); UNet2DModel b = UNet2DModel.load(safetensors)) {
            assertEquals(b.fingerprint(), a.fingerprint());
            try (JavaBackend be = new JavaBackend(); TensorArena ar = new TensorArena(); Tape t = Tape.inference(be)) {
                Tensor x = ar.zeros(2, 16, 16, 1), times = ar.of(new float[] {10, 900}, 2);
                Random r = new Random(2);
                for (long i = 0; i < x.size(); i++) {
                    x.set(i, (float) r.nextGaussian());
                }
                assertArrayEquals(b.forward(t, t.constant(x), t.constant(times)).value().toArray(),
                        a.forward(t, t.constant(x), t.constant(times)).value().toArray());
            }
        }
    }

    /** A pickle that would call os.system is refused by name, before anything runs. */
    @Test
    void aPickleCallingCodeIsRefusedNamingTheGlobal(@TempDir Path dir) throws IOException {
        byte[] pickle = "\u0080\u0002cos\nsystem\nX\u0005\u0000\u0000\u0000touch\u0085R.".getBytes(StandardCharsets.ISO_8859_1);
        Path file = zip(dir.resolve("evil.pth"), "evil/data.pkl", pickle);
        IOException e = assertThrows(IOException.class, () -> TorchCheckpoint.open(file));
        assertTrue(e.getMessage().contains("refuses the global os.system") && e.getMessage().contains(file.toString()),
                e.getMessage());
        byte[] frame = "\u0080\u0004\u0095\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0000N.".getBytes(StandardCharsets.ISO_8859_1);
        IOException f = assertThrows(IOException.class, () -> TorchCheckpoint.open(zip(dir.resolve("p4.pth"), "p4/data.pkl", frame)));
        assertTrue(f.getMessage().contains("holds no tensors"), f.getMessage()); // protocol 4's FRAME is read
        byte[] inst = "\u0080\u0002(i__main__\nX\n.".getBytes(StandardCharsets.ISO_8859_1);
        IOException i = assertThrows(IOException.class, () -> TorchCheckpoint.open(zip(dir.resolve("i.pth"), "i/data.pkl", inst)));
        assertTrue(i.getMessage().contains("opcode 0x69"), i.getMessage());
        // A list that holds itself (through the memo) is walked once.
        byte[] cycle = "\u0080\u0002]q\u0000h\u0000a.".getBytes(StandardCharsets.ISO_8859_1);
        IOException c = assertThrows(IOException.class, () -> TorchCheckpoint.open(zip(dir.resolve("c.pth"), "c/data.pkl", cycle)));
        assertTrue(c.getMessage().contains("holds no tensors"), c.getMessage());
    }

    /** A view larger than its storage (stride 0) is refused before anything is copied. */
    @Test
    void anExpandedViewIsRefused() throws Exception {
        IOException e = assertThrows(IOException.class, () -> TorchCheckpoint.open(fixture("expanded.pth")));
        assertTrue(e.getMessage().contains("1000000 elements over a storage of 1"), e.getMessage());
    }

    /**
     * 400 damaged copies of the fixtures (truncated, bytes overwritten, 4-byte fields set to huge
     * values): each loads or fails with an IOException naming the file, quickly, never with
     * another exception, an unchecked one wrapped, or an allocation the file cannot back.
     */
    @Test
    void damagedFilesFailWithAMessageNamingThem(@TempDir Path dir) throws Exception {
        Random r = new Random(11);
        int failed = 0;
        for (String name : List.of("state_zip.pth", "state_legacy.pth")) {
            byte[] good = Files.readAllBytes(fixture(name));
            for (int trial = 0; trial < 200; trial++) {
                byte[] bad = good.clone();
                switch (trial % 4) {
                    case 0 -> bad = java.util.Arrays.copyOf(good, r.nextInt(good.length));
                    case 1 -> {
                        for (int k = 0; k < 1 + r.nextInt(4); k++) {
                            bad[r.nextInt(bad.length)] = (byte) r.nextInt(256);
                        }
                    }
                    case 2 -> {
                        int at = r.nextInt(bad.length - 4);
                        int v = r.nextBoolean() ? Integer.MAX_VALUE : -1 - r.nextInt(1000);
                        for (int k = 0; k < 4; k++) {
                            bad[at + k] = (byte) (v >>> (8 * k));
                        }
                    }
                    default -> {
                        int at = r.nextInt(bad.length);
                        bad[at] = (byte) (bad[at] ^ (1 << r.nextInt(8)));
                    }
                }
                Path f = dir.resolve(name + "." + trial);
                Files.write(f, bad);
                long t0 = System.nanoTime();
                try (TorchCheckpoint c = TorchCheckpoint.open(f)) {
                    assertFalse(c.names().isEmpty());
                } catch (IOException e) {
                    failed++;
                    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
                    assertFalse(e.getMessage().contains("java.lang."), "an unexpected exception, wrapped: " + e.getMessage());
                }
                assertTrue(System.nanoTime() - t0 < 5_000_000_000L, name + " trial " + trial + " took over 5 s");
            }
        }
        assertTrue(failed > 200, "most damage is detected: " + failed + " of 400");
    }

    private static Path zip(Path file, String entry, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.putNextEntry(new ZipEntry(entry));
            z.write(data);
            z.closeEntry();
        }
        Files.write(file, bytes.toByteArray());
        return file;
    }
}
