/* SPDX-License-Identifier: ISC */
/* main.c — the `plasticore` program: the command line lives in cli_main.c (host/cli.h). */
#include "cli.h"

int main(int argc, char **argv)
{
	return pc_cli_main(argc, argv);
}
