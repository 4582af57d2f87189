package org.ddss.io;

import java.io.IOException;

/** A safetensors file that breaks a rule of the format; the message names the tensor and the rule. */
public final class SafeTensorsException extends IOException {
    public SafeTensorsException(String message) {
        super(message);
    }
}
