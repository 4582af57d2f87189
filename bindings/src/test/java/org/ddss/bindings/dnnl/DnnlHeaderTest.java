package org.ddss.bindings.dnnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the hand-maintained bindings against the C headers shipped in the jar: every
 * function of {@code dnnl-symbols.txt} has a binding whose descriptor matches the C prototype
 * carrier by carrier, resolves in the loaded library, and every listed constant has a method.
 */
class DnnlHeaderTest {
    static final String INCLUDE = DnnlLibrary.RESOURCE_DIR + "/include/oneapi/dnnl/";

    /** The FFM carrier a C type travels as; NONE for a void return. */
    enum Carrier { ADDRESS, INT, LONG, FLOAT, BYTE, NONE }

    /** A parsed prototype: return type and parameter types, as written in C. */
    record Prototype(String name, String returnType, List<String> paramTypes) {}

    static String declarations;
    static Map<String, String> typedefs = new HashMap<>();
    static Set<String> enums = new HashSet<>();
    static Set<String> pointerTypedefs = new HashSet<>();

    @BeforeAll
    static void readHeaders() throws IOException {
        StringBuilder all = new StringBuilder();
        for (String h : List.of("dnnl_common_types.h", "dnnl_types.h", "dnnl_common.h", "dnnl.h")) {
            all.append(strip(resource(INCLUDE + h))).append(' ');
        }
        declarations = all.toString();
        Matcher e = Pattern.compile("typedef enum (?:\\w+ )?\\{[^}]*\\} (\\w+);").matcher(declarations);
        while (e.find()) {
            enums.add(e.group(1));
        }
        Matcher p = Pattern.compile("typedef (?:const )?struct \\w+ ?\\* ?(\\w+);").matcher(declarations);
        while (p.find()) {
            pointerTypedefs.add(p.group(1));
        }
        Matcher a = Pattern.compile("typedef ([\\w ]+?) (\\w+)(\\[\\w+\\])?;").matcher(declarations);
        while (a.find()) {
            typedefs.put(a.group(2), a.group(3) != null ? "*" : a.group(1));
        }
    }

    static String resource(String name) throws IOException {
        try (InputStream in = DnnlHeaderTest.class.getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, "header " + name + " on the test classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Drops comments and preprocessor lines, collapses whitespace. */
    static String strip(String c) {
        c = c.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ");
        StringBuilder b = new StringBuilder();
        for (String line : c.split("\n")) {
            if (!line.strip().startsWith("#")) {
                b.append(line).append('\n');
            }
        }
        return b.toString().replaceAll("\\s+", " ").replaceAll(" ?\\* ?", " * ").replaceAll(" ?([(),;]) ?", "$1");
    }

    static Prototype parse(String name) {
        Matcher m = Pattern.compile("(?:^|[;{}])\\s*([^;{}]*?)\\s*DNNL_API\\s*(\\*?)\\s*" + name + "\\(([^)]*)\\);")
                .matcher(declarations);
        assertTrue(m.find(), "prototype of " + name + " in the headers");
        String ret = (m.group(1) + " " + m.group(2)).strip();
        List<String> params = new ArrayList<>();
        if (!m.group(3).strip().equals("void")) {
            for (String p : m.group(3).split(",")) {
                // Drop the parameter name: the last identifier.
                params.add(p.strip().replaceAll("\\s*\\w+$", "").strip());
            }
        }
        return new Prototype(name, ret, params);
    }

    /** The carrier of a C type, following typedefs down to a base type. */
    static Carrier carrier(String type) {
        String t = type.replaceAll("\\bconst\\b", " ").strip();
        if (t.contains("*")) {
            return Carrier.ADDRESS;
        }
        for (int depth = 0; depth < 10; depth++) {
            switch (t) {
                case "void": return Carrier.NONE;
                case "int", "unsigned", "unsigned int", "int32_t", "uint32_t": return Carrier.INT;
                case "size_t", "int64_t", "uint64_t", "long": return Carrier.LONG;
                case "float": return Carrier.FLOAT;
                case "char": return Carrier.BYTE;
                default: break;
            }
            if (enums.contains(t)) {
                return Carrier.INT;
            }
            if (pointerTypedefs.contains(t)) {
                return Carrier.ADDRESS;
            }
            String next = typedefs.get(t);
            if (next == null) {
                throw new AssertionError("unknown C type " + type);
            }
            if (next.equals("*")) {
                return Carrier.ADDRESS;
            }
            t = next.replaceAll("\\bconst\\b", " ").strip();
        }
        throw new AssertionError("typedef loop at " + type);
    }

    static Carrier carrier(MemoryLayout layout) {
        if (!(layout instanceof ValueLayout v)) {
            throw new AssertionError("not a value layout: " + layout);
        }
        Class<?> c = v.carrier();
        if (c == MemorySegment.class) {
            return Carrier.ADDRESS;
        } else if (c == int.class) {
            return Carrier.INT;
        } else if (c == long.class) {
            return Carrier.LONG;
        } else if (c == float.class) {
            return Carrier.FLOAT;
        } else if (c == byte.class) {
            return Carrier.BYTE;
        }
        throw new AssertionError("unexpected carrier " + c);
    }

    /** The differences between a prototype and a descriptor; empty when they agree. */
    static List<String> compare(Prototype p, FunctionDescriptor fd) {
        List<String> errors = new ArrayList<>();
        Carrier ret = carrier(p.returnType());
        Carrier got = fd.returnLayout().map(DnnlHeaderTest::carrier).orElse(Carrier.NONE);
        if (ret != got) {
            errors.add(p.name() + ": return " + p.returnType() + " wants " + ret + ", binding has " + got);
        }
        if (fd.argumentLayouts().size() != p.paramTypes().size()) {
            errors.add(p.name() + ": " + p.paramTypes().size() + " C parameters, binding has "
                    + fd.argumentLayouts().size());
            return errors;
        }
        for (int i = 0; i < p.paramTypes().size(); i++) {
            Carrier want = carrier(p.paramTypes().get(i));
            Carrier have = carrier(fd.argumentLayouts().get(i));
            if (want != have) {
                errors.add(p.name() + ": parameter " + i + " (" + p.paramTypes().get(i) + ") wants " + want
                        + ", binding has " + have);
            }
        }
        return errors;
    }

    static List<String> symbols(String kind) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("dnnl-symbols.txt"))) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length == 2 && parts[0].equals("--include-" + kind)) {
                out.add(parts[1]);
            }
        }
        assertFalse(out.isEmpty(), "no --include-" + kind + " lines in dnnl-symbols.txt");
        return out;
    }

    @Test
    void everyBoundFunctionMatchesItsPrototypeAndResolves() throws Exception {
        assertTrue(DnnlLibrary.isAvailable(), () -> DnnlLibrary.unavailableReason().orElse(""));
        List<String> errors = new ArrayList<>();
        for (String name : symbols("function")) {
            Method descriptor;
            try {
                descriptor = dnnl_h.class.getMethod(name + "$descriptor");
            } catch (NoSuchMethodException e) {
                errors.add(name + ": no binding in dnnl_h");
                continue;
            }
            boolean hasCall = false;
            for (Method m : dnnl_h.class.getMethods()) {
                hasCall |= m.getName().equals(name);
            }
            if (!hasCall) {
                errors.add(name + ": no downcall method in dnnl_h");
            }
            errors.addAll(compare(parse(name), (FunctionDescriptor) descriptor.invoke(null)));
            if (DnnlLibrary.lookup().find(name).isEmpty()) {
                errors.add(name + ": not exported by " + DnnlLibrary.path());
            }
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void everyListedConstantHasAMethod() throws Exception {
        for (String name : symbols("constant")) {
            assertEquals(int.class, dnnl_h.class.getMethod(name).getReturnType(), name);
        }
        assertEquals(3, dnnl_h.dnnl_f32());
        assertEquals(22, dnnl_h.dnnl_nhwc());
        assertEquals(145, dnnl_h.DNNL_ARG_DIFF_DST());
    }

    @Test
    void everyListedStructHasALayoutClass() throws Exception {
        // Both structs are typedefs of anonymous structs, which jextract includes by typedef name.
        for (String name : symbols("typedef")) {
            Class<?> c = Class.forName(dnnl_h.class.getPackageName() + "." + name);
            assertNotNull(c.getMethod("layout"), name);
        }
    }

    @Test
    void aWrongDescriptorIsCaught() {
        Prototype p = parse("dnnl_engine_create");
        FunctionDescriptor right = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG);
        assertEquals(List.of(), compare(p, right));
        FunctionDescriptor sizeAsInt = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);
        assertEquals(1, compare(p, sizeAsInt).size());
        FunctionDescriptor missingArg = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                ValueLayout.JAVA_INT);
        assertEquals(1, compare(p, missingArg).size());
        FunctionDescriptor voidReturn = FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                ValueLayout.JAVA_LONG);
        assertEquals(1, compare(p, voidReturn).size());
    }

    @Test
    void typeMappingFollowsTypedefs() {
        assertEquals(Carrier.ADDRESS, carrier("const dnnl_dims_t"));
        assertEquals(Carrier.ADDRESS, carrier("const_dnnl_memory_desc_t"));
        assertEquals(Carrier.ADDRESS, carrier("const_dnnl_memory_desc_t const *"));
        assertEquals(Carrier.LONG, carrier("dnnl_dim_t"));
        assertEquals(Carrier.INT, carrier("dnnl_status_t"));
        assertEquals(Carrier.INT, carrier("unsigned"));
        assertEquals(Carrier.BYTE, carrier("char"));
    }

    @Test
    void versionAndIsaAreReadable() {
        MemorySegment v = dnnl_version_t.reinterpret(dnnl_h.dnnl_version());
        assertEquals(3, dnnl_version_t.major(v));
        assertEquals(13, dnnl_version_t.minor(v));
        assertEquals(dnnl_h.DNNL_RUNTIME_OMP(), dnnl_version_t.cpu_runtime(v));
        assertTrue(dnnl_h.dnnl_get_effective_cpu_isa() >= 0);
        assertEquals(16, dnnl_exec_arg_t.sizeof());
        Optional<String> reason = DnnlLibrary.unavailableReason();
        assertTrue(reason.isEmpty(), reason::toString);
    }

    @Test
    void openMpThreadCountIsSettable() {
        int before = omp_h.omp_get_max_threads();
        omp_h.omp_set_num_threads(1);
        assertEquals(1, omp_h.omp_get_max_threads());
        omp_h.omp_set_num_threads(before);
        assertEquals(before, omp_h.omp_get_max_threads());
    }
}
