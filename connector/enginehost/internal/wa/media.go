package wa

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"

	"github.com/wagate/wagate/connector/enginehost/internal/mapping"
	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// Error codes of media requests.
const (
	CodeMediaGone    = "media_gone"    // the media host no longer has it (403/404/410)
	CodeMediaInvalid = "media_invalid" // it arrived, but not as its message described it
)

// uploadFile streams a file on local disk to the media host: whatsmeow encrypts it into
// a temporary file, so neither copy is held in memory whole. A channel's media is not
// encrypted: it goes as it is (whatsmeow's UploadNewsletterReader), named by its handle.
func uploadFile(ctx context.Context, cli *whatsmeow.Client, path string,
	family whatsmeow.MediaType, chat types.JID) (*whatsmeow.UploadResponse, error) {
	plain, err := os.Open(path)
	if err != nil {
		return nil, refuse(CodeMediaUnread, err)
	}
	defer plain.Close()
	if chat.Server == types.NewsletterServer {
		resp, err := cli.UploadNewsletterReader(ctx, plain, family)
		if err != nil {
			return nil, refuse(CodeUploadFailed, err)
		}
		return &resp, nil
	}
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
	download := func(directPath string) error {
		return cli.DownloadMediaWithPathToFile(ctx, directPath, req.Ref.FileEncSHA256,
			req.Ref.FileSHA256, req.Ref.MediaKey, length, family, "", partial)
	}
	err = download(req.Ref.DirectPath)
	if gone(err) && req.Ref.Message != nil {
		// the media host no longer has it: the phone may upload it again
		path, retryErr := s.reuploaded(ctx, cli, req.Ref)
		if retryErr != nil {
			err = fmt.Errorf("%w; asking the phone again: %v", err, retryErr)
		} else if err = rewind(partial); err == nil {
			err = download(path)
		}
	}
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

// gone: the media host answered that it no longer has the file.
func gone(err error) bool {
	return errors.Is(err, whatsmeow.ErrMediaDownloadFailedWith403) ||
		errors.Is(err, whatsmeow.ErrMediaDownloadFailedWith404) ||
		errors.Is(err, whatsmeow.ErrMediaDownloadFailedWith410)
}

// rewind empties a partly written download for a second try.
func rewind(f *os.File) error {
	if err := f.Truncate(0); err != nil {
		return err
	}
	_, err := f.Seek(0, io.SeekStart)
	return err
}

func downloadError(err error) error {
	switch {
	case gone(err):
		return refuse(CodeMediaGone, err)
	case errors.Is(err, whatsmeow.ErrFileLengthMismatch), errors.Is(err, whatsmeow.ErrInvalidMediaSHA256),
		errors.Is(err, whatsmeow.ErrInvalidMediaEncSHA256), errors.Is(err, whatsmeow.ErrInvalidMediaHMAC):
		return refuse(CodeMediaInvalid, err)
	}
	return classify(err)
}
