package history

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
)

// Moved compares the commit HEAD names in the work tree at root with
// since, the commit last read: it returns HEAD's commit and, when it is
// another one, the files changed between the two, slash-separated and
// relative to root. An empty since, or one git no longer knows, gives
// ok false: the caller reads everything again.
func Moved(ctx context.Context, root, since string) (head string, files []string, ok bool, err error) {
	out, err := runGit(ctx, root, "rev-parse", "--verify", "-q", "HEAD^{commit}")
	if err != nil {
		return "", nil, false, err
	}
	head = strings.TrimSpace(out)
	if head == since {
		return head, nil, true, nil
	}
	if since == "" {
		return head, nil, false, nil
	}
	out, err = runGit(ctx, root, "diff", "--name-only", "--no-renames", "--relative", "-z", since, head, "--")
	if err != nil {
		return head, nil, false, nil
	}
	for _, f := range strings.Split(out, "\x00") {
		if f != "" {
			files = append(files, f)
		}
	}
	return head, files, true, nil
}

func runGit(ctx context.Context, dir string, args ...string) (string, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	cmd.Env, cmd.Stdout, cmd.Stderr = gitEnv(), &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("git %s: %w: %s", args[0], err, strings.TrimSpace(stderr.String()))
	}
	return stdout.String(), nil
}
