package main

import (
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"sigs.k8s.io/yaml"
)

// the kinds the chart may make, each with the API type it must decode into
var kinds = map[string]func() any{
	"apps/v1/Deployment":                     func() any { return &appsv1.Deployment{} },
	"apps/v1/StatefulSet":                    func() any { return &appsv1.StatefulSet{} },
	"v1/Service":                             func() any { return &corev1.Service{} },
	"v1/ConfigMap":                           func() any { return &corev1.ConfigMap{} },
	"v1/Secret":                              func() any { return &corev1.Secret{} },
	"batch/v1/Job":                           func() any { return &batchv1.Job{} },
	"autoscaling/v2/HorizontalPodAutoscaler": func() any { return &autoscalingv2.HorizontalPodAutoscaler{} },
	"policy/v1/PodDisruptionBudget":          func() any { return &policyv1.PodDisruptionBudget{} },
}

// decodeStrict decodes one manifest into its API type, refusing fields the type lacks
// (a misspelt or misplaced key would otherwise be dropped by the API server silently),
// and answers it as generic JSON for the tests.
func decodeStrict(doc []byte) (map[string]any, error) {
	var head struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
	}
	if err := yaml.Unmarshal(doc, &head); err != nil {
		return nil, err
	}
	newObject, known := kinds[head.APIVersion+"/"+head.Kind]
	if !known {
		return nil, fmt.Errorf("a kind the check does not know: %s %s", head.APIVersion, head.Kind)
	}
	if err := yaml.UnmarshalStrict(doc, newObject()); err != nil {
		return nil, fmt.Errorf("%s: %w", head.Kind, err)
	}
	var generic map[string]any
	if err := yaml.Unmarshal(doc, &generic); err != nil {
		return nil, err
	}
	return generic, nil
}
