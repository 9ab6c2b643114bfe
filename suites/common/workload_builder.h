// Turns one combination of axis values into workloads: an MoE layer (with its dense-same-active
// and dense-same-total partners) or a dense FFN. Shared by the dense, moe, routing and quant
// suites so that each of them is only its axes and presets.
#pragma once

#include <string>
#include <vector>

#include "suites/suite.h"

namespace moebench {

// Axis values for a suite: the suite's defaults for the preset, replaced by --axis overrides
// for the axes the suite uses.
AxisValues resolve_axes(const SuiteContext& context, AxisValues defaults);

// The MoE workload of a combination, followed by its dense partners when with_partners.
std::vector<Workload> moe_workloads(const SuiteContext& context, const std::string& suite,
                                    const Combination& combination, bool with_partners,
                                    bool time_stages);
// Every combination of the suite's axes (defaults replaced by --axis overrides) as MoE
// workloads: the body of the moe, routing and quant suites.
std::vector<Workload> moe_sweep(const SuiteContext& context, const std::string& suite,
                                AxisValues defaults, bool with_partners, bool time_stages);
Workload dense_workload(const SuiteContext& context, const std::string& suite,
                        const Combination& combination);

}  // namespace moebench
