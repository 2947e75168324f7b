"""The published facts the lecture's worked examples start from: data sets, parameters and
images, as StatQuest's neural-network series (Josh Starmer, StatQuest with Josh Starmer on
YouTube, 2020-2021) shows them on screen, gathered from public notes and code that
reproduce those videos. Only inputs live here; every result (predictions, losses,
derivatives, steps, final values) is computed by nnmath. A value marked "inferred" is not
shown in the video; it was chosen because it reproduces the published outputs.

The presets (:mod:`nnmath.presets`) read these values; the videos, by the titles used below:

- "Gradient Descent, Step-by-Step": ``WEIGHT_HEIGHT``, ``LINE_*``
- "Neural Networks Pt. 1: Inside the Black Box": ``DOSAGE``, ``BLACK_BOX``
- "Neural Networks Pt. 2: Backpropagation Main Ideas": ``FITTED_HIDDEN``, ``MAIN_IDEAS_OUTPUT``
- "Backpropagation Details Pt. 1 and Pt. 2": ``DETAILS_START``, ``DETAILS_ALL_START``
- "Neural Networks Pt. 3: ReLU In Action!!!": ``RELU``
- "Neural Networks Pt. 4: Multiple Inputs and Outputs", "Part 5: ArgMax and SoftMax",
  "Part 6: Cross Entropy", "Part 7: Cross Entropy Derivatives and Backpropagation":
  ``IRIS_*``
- "Neural Networks Part 8: Image Classification with Convolutional Neural Networks":
  ``CNN_O``, ``CNN_X``

The perceptron's "go surfing?" example (``SURFING_*``) is the lecture's own opening
example of a neuron, not StatQuest's.
"""

from __future__ import annotations

__all__ = [
    "WEIGHT_HEIGHT", "LINE_INTERCEPT_ONLY_START", "LINE_INTERCEPT_ONLY_RATE", "LINE_BOTH_START",
    "LINE_BOTH_RATE", "DOSAGE", "BLACK_BOX",
    "FITTED_HIDDEN", "MAIN_IDEAS_OUTPUT", "DETAILS_START", "DETAILS_ALL_START", "RELU",
    "IRIS_WEIGHTS", "IRIS_WORKED_INPUTS", "IRIS_TRAINING", "IRIS_SETOSA_BIAS_START",
    "CNN_O", "CNN_X", "SURFING_INPUTS", "SURFING_WEIGHTS", "SURFING_BIAS",
]

# --- "Gradient Descent, Step-by-Step": weight -> height, a line fitted by the SSR --------
WEIGHT_HEIGHT = ((0.5, 2.3, 2.9), (1.4, 1.9, 3.2))
#: part 1: the slope fixed at 0.64, the intercept from 0 at learning rate 0.1
LINE_INTERCEPT_ONLY_START = {"intercept": 0.0, "slope": 0.64}
LINE_INTERCEPT_ONLY_RATE = 0.1
#: part 2: intercept from 0 and slope from 1 together, learning rate 0.01
LINE_BOTH_START = {"intercept": 0.0, "slope": 1.0}
LINE_BOTH_RATE = 0.01

# --- the dosage network (1 input, 2 softplus nodes, 1 output): dosage -> efficacy ---------
DOSAGE = ((0.0, 0.5, 1.0), (0.0, 1.0, 0.0))
#: "Inside the Black Box": the fitted network
BLACK_BOX = {"w1": -34.4, "b1": 2.14, "w2": -2.52, "b2": 1.29, "w3": -1.30, "w4": 2.28,
             "b3": -0.58}
#: "Backpropagation Main Ideas" and "Details Pt. 1": the hidden layer, already fitted
FITTED_HIDDEN = {"w1": 3.34, "b1": -1.43, "w2": -3.53, "b2": 0.57}
#: "Backpropagation Main Ideas": the output weights; b3 starts at 0 (learning rate 0.1)
MAIN_IDEAS_OUTPUT = {"w3": -1.22, "w4": -2.30, "b3": 0.0}
#: "Backpropagation Details Pt. 1": w3, w4 and b3 start here (learning rate 0.1)
DETAILS_START = {"w3": 0.36, "w4": 0.63, "b3": 0.0}
#: "Backpropagation Details Pt. 2": all seven start here (learning rate 0.1)
DETAILS_ALL_START = {"w1": 2.74, "b1": 0.0, "w2": -1.13, "b2": 0.0, **DETAILS_START}

# --- "ReLU In Action": ReLU in both hidden nodes and on the output ----------------------
RELU = {"w1": 1.70, "b1": -0.85, "w2": 12.6, "b2": 0.0, "w3": -40.8, "w4": 2.70, "b3": -16.0}

# --- the Iris network: petal and sepal width (scaled to 0..1) -> 2 ReLU nodes -> 3 species
IRIS_WEIGHTS = {
    "w[petal->top]": -2.5, "w[sepal->top]": 0.6, "w[petal->bottom]": -1.5,
    "w[sepal->bottom]": 0.4, "b[top]": 1.6, "b[bottom]": 0.7,
    "w[top->setosa]": -0.1, "w[bottom->setosa]": 1.5,
    "w[top->versicolor]": 2.4, "w[bottom->versicolor]": -5.2,
    "w[top->virginica]": -2.2, "w[bottom->virginica]": 3.7,
    "b[setosa]": 0.0, "b[versicolor]": 0.0,
    "b[virginica]": 1.0,  # inferred
}
#: (petal, sepal) inputs worked through on screen
IRIS_WORKED_INPUTS = ((0.0, 0.0), (0.5, 0.37), (0.0, 1.0))
#: the cross-entropy chapters' training rows: (petal, sepal) -> species
IRIS_TRAINING = (((0.04, 0.42), (1.00, 0.54), (0.50, 0.37)), ("setosa", "virginica", "versicolor"))
#: "Cross Entropy Derivatives and Backpropagation": the Setosa bias starts here (learning rate 1)
IRIS_SETOSA_BIAS_START = -2.0

# --- the convolutional network's 6 x 6 black-and-white images ---------------------------
CNN_O = ((0, 0, 1, 1, 0, 0), (0, 1, 0, 0, 1, 0), (1, 0, 0, 0, 0, 1),
         (1, 0, 0, 0, 0, 1), (0, 1, 0, 0, 1, 0), (0, 0, 1, 1, 0, 0))
CNN_X = ((1, 0, 0, 0, 0, 1), (0, 1, 0, 0, 1, 0), (0, 0, 1, 1, 0, 0),
         (0, 0, 1, 1, 0, 0), (0, 1, 0, 0, 1, 0), (1, 0, 0, 0, 0, 1))

# --- the lecture's perceptron: go surfing? ---------------------------------------------
#: waves good, line-up empty, no recent shark attack
SURFING_INPUTS = (1.0, 0.0, 1.0)
SURFING_WEIGHTS = (5.0, 2.0, 4.0)
#: minus the threshold 3
SURFING_BIAS = -3.0
