package org.ddss.bindings.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Checks the hand-maintained CUDA bindings against {@code bindings/cuda-prototypes.h}: each
 * listed function has a binding in its library's class whose descriptor matches the prototype
 * carrier by carrier, and each class binds nothing else. The libraries themselves are only on
 * GPU machines; there the test also resolves every symbol, elsewhere it checks that the loader
 * says what is missing and where it looked.
 */
class CudaBindingsTest {
    /** Handle typedefs: opaque pointers. */
    static final List<String> HANDLES = List.of("cudaStream_t", "cudaEvent_t", "CUmodule", "CUfunction", "CUstream",
            "nvrtcProgram", "cublasHandle_t", "cudnnHandle_t");

    static Map<String, List<String>> prototypes() throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String lib = null;
        for (String line : Files.readAllLines(Path.of("cuda-prototypes.h"))) {
            Matcher m = Pattern.compile("// library: (\\w+)").matcher(line);
            if (m.matches()) {
                lib = m.group(1);
                out.put(lib, new ArrayList<>());
            } else if (!line.isBlank() && !line.startsWith("//")) {
                out.get(lib).add(line.strip());
            }
        }
        return out;
    }

    /** The value layout a C type is passed as, or null for void. */
    static MemoryLayout carrier(String type) {
        String t = type.replaceAll("\\bconst\\b", " ").replaceAll("\\s+", " ").strip();
        if (t.contains("*") || HANDLES.contains(t) || t.matches("cudnn\\w*Descriptor_t")) {
            return ValueLayout.ADDRESS;
        }
        return switch (t) {
            case "void" -> null;
            case "int", "unsigned int" -> ValueLayout.JAVA_INT;
            case "size_t", "long long int" -> ValueLayout.JAVA_LONG;
            case "float" -> ValueLayout.JAVA_FLOAT;
            case "double" -> ValueLayout.JAVA_DOUBLE;
            // Every other typedef in these headers is an enum (statuses, modes, kinds).
            default -> {
                assertTrue(t.matches("(cuda|CU|nvrtc|cublas|cudnn)\\w*"), "unknown C type " + t);
                yield ValueLayout.JAVA_INT;
            }
        };
    }

    static boolean sameCarrier(MemoryLayout expected, MemoryLayout actual) {
        return expected instanceof ValueLayout e && actual instanceof ValueLayout a && e.carrier() == a.carrier();
    }

    @Test
    void everyBindingMatchesItsPrototype() throws Exception {
        Pattern proto = Pattern.compile("(.*?)\\s*\\b(\\w+)\\((.*)\\);");
        int checked = 0;
        for (Map.Entry<String, List<String>> lib : prototypes().entrySet()) {
            Class<?> cls = Class.forName("org.ddss.bindings.cuda." + lib.getKey() + "_h");
            TreeSet<String> bound = new TreeSet<>();
            for (Method m : cls.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && m.getName().endsWith("$descriptor")) {
                    bound.add(m.getName().replace("$descriptor", ""));
                }
            }
            for (String line : lib.getValue()) {
                Matcher m = proto.matcher(line);
                assertTrue(m.matches(), line);
                String name = m.group(2);
                assertTrue(bound.remove(name), cls.getSimpleName() + " binds " + name);
                FunctionDescriptor d = (FunctionDescriptor) cls.getMethod(name + "$descriptor").invoke(null);
                MemoryLayout ret = carrier(m.group(1));
                Optional<MemoryLayout> actualRet = d.returnLayout();
                assertEquals(ret == null, actualRet.isEmpty(), name + " return");
                if (ret != null) {
                    assertTrue(sameCarrier(ret, actualRet.get()), name + " returns " + m.group(1));
                }
                List<MemoryLayout> params = new ArrayList<>();
                if (!m.group(3).strip().equals("void")) {
                    for (String p : m.group(3).split(",")) {
                        params.add(carrier(p.strip().replaceAll("\\s*\\w+$", "")));
                    }
                }
                assertEquals(params.size(), d.argumentLayouts().size(), name + " arity");
                for (int i = 0; i < params.size(); i++) {
                    assertTrue(sameCarrier(params.get(i), d.argumentLayouts().get(i)),
                            name + " parameter " + i + " of " + line);
                }
                // The Java entry point takes the descriptor's carriers.
                Method call = null;
                for (Method c : cls.getMethods()) {
                    if (c.getName().equals(name)) {
                        call = c;
                    }
                }
                assertTrue(call != null && call.getParameterCount() == params.size(), name + " method");
                checked++;
            }
            assertTrue(bound.isEmpty(), cls.getSimpleName() + " binds functions not in cuda-prototypes.h: " + bound);
        }
        assertTrue(checked > 100, "checked " + checked);
    }

    @Test
    void perfStructsHaveTheCLayout() {
        // algo, status, time, (pad), memory at 16, determinism, mathType, int reserved[3]: 48 bytes.
        assertEquals(48, cudnnConvolutionFwdAlgoPerf_t.layout().byteSize());
        assertEquals(48, cudnnConvolutionBwdDataAlgoPerf_t.layout().byteSize());
        assertEquals(48, cudnnConvolutionBwdFilterAlgoPerf_t.layout().byteSize());
        assertEquals(16, cudnnConvolutionFwdAlgoPerf_t.layout().byteOffset(MemoryLayout.PathElement.groupElement("memory")));
    }

    @Test
    void loaderLoadsOrSaysWhatIsMissing() {
        for (CudaLibraries.Library lib : CudaLibraries.Library.values()) {
            Optional<String> why = CudaLibraries.unavailableReason(lib);
            if (why.isEmpty()) {
                // A machine with this library: it resolves a symbol of its own.
                String symbol = switch (lib) {
                    case CUDART -> "cudaGetDeviceCount";
                    case DRIVER -> "cuLaunchKernel";
                    case NVRTC -> "nvrtcCompileProgram";
                    case CUBLAS -> "cublasSgemmStridedBatched";
                    case CUDNN -> "cudnnConvolutionForward";
                };
                assertTrue(CudaLibraries.lookup(lib).find(symbol).isPresent(), lib + " " + symbol);
            } else {
                assertTrue(why.get().startsWith(lib.title() + " not found"), why.get());
                assertTrue(why.get().contains("DDSS_CUDA_PATH"), why.get());
                UnsatisfiedLinkError e = org.junit.jupiter.api.Assertions.assertThrows(UnsatisfiedLinkError.class,
                        () -> CudaLibraries.lookup(lib).find("anything"));
                assertEquals(why.get(), e.getMessage());
            }
        }
        assertFalse(CudaLibraries.searchFolders(CudaLibraries.Library.CUDNN).contains(Path.of("/nonexistent")));
    }
}
