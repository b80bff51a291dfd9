package wa

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"go.mau.fi/whatsmeow"

	"github.com/wagate/wagate/connector/enginehost/internal/mapping"
	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// Error codes of media requests.
const (
	CodeMediaGone    = "media_gone"    // the media host no longer has it (403/404/410)
	CodeMediaInvalid = "media_invalid" // it arrived, but not as its message described it
)

// uploadFile streams a file on local disk to the media host: whatsmeow encrypts it into
// a temporary file, so neither copy is held in memory whole.
func uploadFile(ctx context.Context, cli *whatsmeow.Client, path string,
	family whatsmeow.MediaType) (*whatsmeow.UploadResponse, error) {
	plain, err := os.Open(path)
	if err != nil {
		return nil, refuse(CodeMediaUnread, err)
	}
	defer plain.Close()
	encrypted, err := os.CreateTemp("", "wagate-upload-*")
	if err != nil {
		return nil, refuse(CodeUploadFailed, err)
	}
	defer os.Remove(encrypted.Name())
	defer encrypted.Close()
	resp, err := cli.UploadReader(ctx, plain, encrypted, family)
	if err != nil {
		return nil, refuse(CodeUploadFailed, err)
	}
	return &resp, nil
}

// Download fetches an incoming attachment into req.Path. whatsmeow downloads into the
// file and decrypts it there; the file appears under its name only once complete.
func (s *Session) Download(ctx context.Context, req protocol.Download) (protocol.SavedFile, error) {
	family, isMedia := mapping.MediaType(req.Kind)
	if !isMedia || req.Path == "" || req.Ref.DirectPath == "" {
		return protocol.SavedFile{}, refuse(CodeBadRequest,
			fmt.Errorf("download needs a media kind (not %q), a ref and a path", req.Kind))
	}
	cli, err := s.loggedIn()
	if err != nil {
		return protocol.SavedFile{}, err
	}
	partial, err := os.CreateTemp(filepath.Dir(req.Path), ".wagate-download-*")
	if err != nil {
		return protocol.SavedFile{}, refuse(CodeFailed, err)
	}
	defer os.Remove(partial.Name()) // a no-op once renamed
	defer partial.Close()
	length := -1 // unknown: whatsmeow then skips the length check
	if req.SizeBytes > 0 {
		length = int(req.SizeBytes)
	}
	err = cli.DownloadMediaWithPathToFile(ctx, req.Ref.DirectPath, req.Ref.FileEncSHA256,
		req.Ref.FileSHA256, req.Ref.MediaKey, length, family, "", partial)
	if err != nil {
		return protocol.SavedFile{}, downloadError(err)
	}
	info, err := partial.Stat()
	if err == nil {
		err = os.Rename(partial.Name(), req.Path)
	}
	if err != nil {
		return protocol.SavedFile{}, refuse(CodeFailed, err)
	}
	return protocol.SavedFile{Path: req.Path, SizeBytes: info.Size()}, nil
}

func downloadError(err error) error {
	switch {
	case errors.Is(err, whatsmeow.ErrMediaDownloadFailedWith403),
		errors.Is(err, whatsmeow.ErrMediaDownloadFailedWith404),
		errors.Is(err, whatsmeow.ErrMediaDownloadFailedWith410):
		return refuse(CodeMediaGone, err)
	case errors.Is(err, whatsmeow.ErrFileLengthMismatch), errors.Is(err, whatsmeow.ErrInvalidMediaSHA256),
		errors.Is(err, whatsmeow.ErrInvalidMediaEncSHA256), errors.Is(err, whatsmeow.ErrInvalidMediaHMAC):
		return refuse(CodeMediaInvalid, err)
	}
	return classify(err)
}
