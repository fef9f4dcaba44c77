package main

import (
	"flag"
	"fmt"
	"runtime"
)

var versionCmd = &command{
	name:    "version",
	summary: "显示版本 (print the version)",
	noDB:    true,
	setup: func(fs *flag.FlagSet) func(*cli, []string) int {
		return func(c *cli, args []string) int {
			if len(args) > 0 {
				return c.usageError("version 不接受参数 (version takes no arguments)")
			}
			fmt.Fprintf(c.stdout, "gongkai %s (%s %s/%s)\n", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return exitOK
		}
	},
}
