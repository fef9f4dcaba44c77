package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"gongkai/internal/search"
)

var reindexCmd = &command{
	name:    "reindex",
	summary: "重建全文检索索引 (rebuild the full-text search index)",
	detail: `从文件表重建全文检索索引：已发布的文件（含附件文字）重新分词入索引，其他文件移出索引。
发布、撤回等操作会在同一事务中自动更新索引，一般无需执行；修改分词词典或同义词表后、或批量载入中断后执行。
重建按批进行，期间检索照常可用。
(Rebuilds the search index from the documents: published documents, with their attachments' text, are
segmented and indexed again, others are removed. Publishing and withdrawing update the index in the same
transaction, so this is needed only after the dictionary or synonym list changed, or after an interrupted
bulk load. It runs in batches; search keeps working meanwhile.)`,
	setup: func(fs *flag.FlagSet) func(*cli, []string) int {
		return func(c *cli, args []string) int {
			if len(args) > 0 {
				return c.usageError("参数过多：%v (too many arguments)", args)
			}
			db, ok := c.open(true)
			if !ok {
				return exitFail
			}
			defer db.Close()
			start := time.Now()
			var bar *progressbar.ProgressBar
			var indexed int64
			err := search.Reindex(c.ctx, db, func(done, total int64) {
				if bar == nil {
					bar = reindexBar(c.stdout, total)
				}
				bar.Set64(done)
				indexed = done
			})
			if bar != nil {
				bar.Finish()
			}
			if err != nil {
				return c.fail(err)
			}
			el := time.Since(start).Round(time.Millisecond)
			fmt.Fprintf(c.stdout, "检索索引已重建：%d 件已发布文件，用时 %s (search index rebuilt: %d published documents in %s)\n",
				indexed, el, indexed, el)
			return exitOK
		}
	},
}

// reindexBar is a progress bar on a terminal, silent otherwise.
func reindexBar(w io.Writer, total int64) *progressbar.ProgressBar {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return progressbar.NewOptions64(total, progressbar.OptionSetWriter(io.Discard), progressbar.OptionSetVisibility(false))
	}
	return progressbar.NewOptions64(total, progressbar.OptionSetWriter(f), progressbar.OptionSetDescription("重建索引 reindex"),
		progressbar.OptionShowCount(), progressbar.OptionSetWidth(30), progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish())
}
