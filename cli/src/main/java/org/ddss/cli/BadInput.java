package org.ddss.cli;

/**
 * Input the command cannot work with, said in one sentence: the command ends with that sentence
 * and exit code 2, without the usage page (the options were well formed; what they named was not).
 */
final class BadInput extends RuntimeException {
    BadInput(String message) {
        super(message);
    }
}
