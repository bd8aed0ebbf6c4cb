/* SPDX-License-Identifier: ISC */
/* cli_main.c — pc_cli_main(): `plasticore COMMAND [options]`: train | eval | personalise | info | counters.
 * Exit codes: 0 ok, 1 runtime / device error, 2 bad usage (one-line message on stderr).
 * docs/cli.md documents every option and every --json key. main() (host/main.c) only calls it;
 * tests call it in-process (host/cli.h). */
#include "cli.h"
#include "cli_common.h"

#include <string.h>

static const struct {
	const char *name;
	int (*run)(struct pc_opts *o);
} commands[] = {
	{ "train", pc_cmd_train },
	{ "eval", pc_cmd_eval },
	{ "personalise", pc_cmd_personalise },
	{ "personalize", pc_cmd_personalise },
	{ "info", pc_cmd_info },
	{ "counters", pc_cmd_counters },
};

int pc_cli_main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "plasticore: missing command (train, eval, personalise, info, counters; --help)\n");
		return PC_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		pc_cli_usage(stdout, NULL);
		return PC_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (strcmp(argv[1], commands[i].name))
			continue;
		struct pc_opts o;
		int r = pc_cli_parse(&o, commands[i].name, argc - 1, argv + 1);
		if (r > 0)
			return PC_EXIT_OK;
		if (r < 0)
			return PC_EXIT_USAGE;
		return commands[i].run(&o);
	}
	fprintf(stderr, "plasticore: unknown command '%s' (train, eval, personalise, info, counters; --help)\n",
		argv[1]);
	return PC_EXIT_USAGE;
}
