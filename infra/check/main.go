// Command wagate-infra-check checks wagate's deployment files with the tools' own code,
// and no Docker daemon or cluster:
//
//	wagate-infra-check chart [-chart DIR] [VALUES.yaml ...]
//	wagate-infra-check dockerfile FILE
//
// chart renders the wagate Helm chart as `helm template` would (Helm's own chart
// loader, values coalescing, values.schema.json validation and template engine, in strict
// mode), once with the chart's defaults and once per values file named, and decodes every
// manifest strictly into its Kubernetes API type: a field the type does not have, a kind
// it does not know or YAML that does not parse fails the check (exit 1). A values file
// the chart refuses (a required value missing, the schema failing) is not a failure of
// the check: its error is reported, so tests can hold the chart to refusing it.
//
// It prints one JSON object: for "defaults" and each file, {"manifests": [...]} or
// {"error": "..."}. tests/infra/test_helm_chart.py runs it and asserts what the
// manifests say. dockerfile is in dockerfile.go.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"

	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/engine"
	"helm.sh/helm/v3/pkg/releaseutil"
)

type outcome struct {
	Manifests []map[string]any `json:"manifests,omitempty"`
	Error     string           `json:"error,omitempty"`
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: wagate-infra-check chart|dockerfile ...")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "chart":
		flags := flag.NewFlagSet("chart", flag.ExitOnError)
		chartDir := flags.String("chart", "infra/helm/wagate", "the chart's directory")
		_ = flags.Parse(os.Args[2:])
		err = checkChart(*chartDir, flags.Args())
	case "dockerfile":
		err = checkDockerfile(os.Args[2:])
	default:
		err = fmt.Errorf("no check named %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "wagate-infra-check:", err)
		os.Exit(1)
	}
}

func checkChart(chartDir string, valuesFiles []string) error {
	ch, err := loader.Load(chartDir)
	if err != nil {
		return err
	}
	report := map[string]outcome{}
	for _, name := range append([]string{"defaults"}, valuesFiles...) {
		values := chartutil.Values{}
		if name != "defaults" {
			if values, err = chartutil.ReadValuesFile(name); err != nil {
				return err
			}
		}
		files, renderErr := render(ch, values)
		if renderErr != nil {
			report[name] = outcome{Error: renderErr.Error()}
			continue
		}
		manifests, err := decodeAll(files)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		report[name] = outcome{Manifests: manifests}
	}
	return json.NewEncoder(os.Stdout).Encode(report)
}

// render is `helm template wagate <chart> --namespace wagate -f <values>`: the rendered
// text of each template, NOTES.txt and partials left out.
func render(ch *chart.Chart, values chartutil.Values) (map[string]string, error) {
	options := chartutil.ReleaseOptions{Name: "wagate", Namespace: "wagate", Revision: 1, IsInstall: true}
	top, err := chartutil.ToRenderValues(ch, values, options, chartutil.DefaultCapabilities)
	if err != nil {
		return nil, err
	}
	return engine.Engine{Strict: true}.Render(ch, top)
}

func decodeAll(files map[string]string) ([]map[string]any, error) {
	names := make([]string, 0, len(files))
	for name := range files {
		if strings.HasSuffix(name, ".yaml") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var manifests []map[string]any
	for _, name := range names {
		docs := releaseutil.SplitManifests(files[name])
		keys := make([]string, 0, len(docs))
		for key := range docs {
			keys = append(keys, key)
		}
		sort.Sort(releaseutil.BySplitManifestsOrder(keys))
		for _, key := range keys {
			manifest, err := decodeStrict([]byte(docs[key]))
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			manifests = append(manifests, manifest)
		}
	}
	return manifests, nil
}
