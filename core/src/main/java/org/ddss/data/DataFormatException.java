package org.ddss.data;

import java.io.IOException;

/** A data file that is truncated or does not match its format; the message says which file and what. */
public final class DataFormatException extends IOException {
    public DataFormatException(String message) {
        super(message);
    }
}
