// Command gongkai is the one binary of the Gongkai government information
// disclosure platform: it serves the portal, the back office and the API,
// and administers the database, units, users, the audit log and backups
// from the shell. Run `gongkai help` for the list of commands.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	_ "time/tzdata" // Asia/Shanghai must load on machines without a zoneinfo database

	"gongkai/internal/auth"
)

// version is set at build time: go build -ldflags "-X main.version=1.2.3".
var version = "dev"

// authConfig gives the password-hashing and session settings; tests replace
// it with auth.TestConfig to keep hashing cheap.
var authConfig = auth.DefaultConfig

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := runContext(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes the command line args (without the program name) and returns
// the exit status: 0 success, 1 failure, 2 usage error.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runContext(context.Background(), args, stdin, stdout, stderr)
}

// runContext is run with a context whose end stops long-running commands
// (serve) gracefully.
func runContext(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := &cli{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		printOverview(stderr)
		return exitUsage
	}
	switch name := args[0]; name {
	case "help", "-h", "-help", "--help":
		return c.help(args[1:])
	case "-v", "-version", "--version":
		return c.dispatch([]string{"version"})
	default:
		if strings.HasPrefix(name, "-") {
			fmt.Fprintf(stderr, "请先写命令，再写参数：%s (give the command before its flags)\n\n", name)
			printOverview(stderr)
			return exitUsage
		}
		return c.dispatch(args)
	}
}
