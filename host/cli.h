/* SPDX-License-Identifier: ISC */
/* cli.h — the `plasticore` command line as a function, so tests can run it in-process (e.g. with
 * an emulated USB device living in the same process, tests/test_usb_e2e.c).
 *
 * pc_cli_main(argc, argv) does everything main() did: argv[0] is the program name, argv[1] the
 * command. Returns the exit code (0 ok, 1 runtime / device error, 2 usage) and never calls exit();
 * every resource it opens is released before it returns, so it may be called repeatedly.
 * Output goes to stdout / stderr (a caller that wants it redirects the file descriptors). */
#ifndef PC_CLI_H
#define PC_CLI_H

int pc_cli_main(int argc, char **argv);

#endif
